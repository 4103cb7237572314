-- AlterTable
ALTER TABLE "dossier" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "job_name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueued_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portal_sync" (
    "dossier_id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "synced_version" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portal_sync_pkey" PRIMARY KEY ("dossier_id")
);

-- CreateIndex
CREATE INDEX "outbox_enqueued_at_id_idx" ON "outbox"("enqueued_at", "id");

-- CreateIndex
CREATE INDEX "portal_sync_state_idx" ON "portal_sync"("state");
