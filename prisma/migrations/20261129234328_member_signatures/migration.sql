-- AlterTable
ALTER TABLE "ballot" ADD COLUMN     "signature" TEXT;

-- AlterTable
ALTER TABLE "opinion_recipient" ADD COLUMN     "signature" TEXT;

-- CreateTable
CREATE TABLE "person_key" (
    "subject" TEXT NOT NULL,
    "agency_id" UUID NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "thumbprint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_key_pkey" PRIMARY KEY ("subject")
);
