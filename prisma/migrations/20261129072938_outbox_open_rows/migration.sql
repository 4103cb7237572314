-- CreateIndex
CREATE INDEX "outbox_done_at_failed_at_id_idx" ON "outbox"("done_at", "failed_at", "id");
