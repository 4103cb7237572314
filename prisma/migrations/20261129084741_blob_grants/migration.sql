-- CreateTable
CREATE TABLE "blob_grant" (
    "sha256" TEXT NOT NULL,
    "agency_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blob_grant_pkey" PRIMARY KEY ("sha256","agency_id")
);
