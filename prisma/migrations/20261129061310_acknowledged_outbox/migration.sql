-- AlterTable
ALTER TABLE "delivery_event" ADD COLUMN     "axis_sent_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "document" ADD COLUMN     "axis_sent_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "dossier_event" ADD COLUMN     "portal_sent_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "done_at" TIMESTAMPTZ(3),
ADD COLUMN     "failed_at" TIMESTAMPTZ(3),
ADD COLUMN     "job_key" TEXT,
ADD COLUMN     "last_error" TEXT;

-- CreateIndex
CREATE INDEX "outbox_job_key_idx" ON "outbox"("job_key");

-- Rows enqueued before acknowledgements existed count as done, and the others get their job key
UPDATE "outbox" SET "done_at" = "enqueued_at" WHERE "enqueued_at" IS NOT NULL;
UPDATE "outbox" SET "job_key" = CASE "job_name"
  WHEN 'portal.syncDossier' THEN 'portal-sync-' || ("payload"->>'dossierId')
  WHEN 'portal.progressStep' THEN 'portal-step-' || ("payload"->>'stepId')
  WHEN 'axis.sendDocument' THEN 'axis-send-' || ("payload"->>'documentId')
  WHEN 'axis.sendStatus' THEN 'axis-status-' || ("payload"->>'eventId')
  WHEN 'payment.start' THEN 'payment-start-' || ("payload"->>'paymentId') || '-' || ("payload"->>'attempt')
END;
