-- CreateTable
CREATE TABLE "audit_pending" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "role" "Role",
    "agency_code" TEXT,
    "operation" TEXT NOT NULL,
    "target_ids" TEXT[],
    "request_id" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "error_code" TEXT,

    CONSTRAINT "audit_pending_pkey" PRIMARY KEY ("id")
);
