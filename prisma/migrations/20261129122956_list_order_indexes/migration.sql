-- DropIndex
DROP INDEX "document_sender_id_created_at_idx";

-- DropIndex
DROP INDEX "dossier_handling_agency_id_received_at_idx";

-- DropIndex
DROP INDEX "dossier_receiving_agency_id_received_at_idx";

-- DropIndex
DROP INDEX "payment_agency_id_created_at_idx";

-- CreateIndex
CREATE INDEX "delivery_created_at_id_idx" ON "delivery"("created_at", "id");

-- CreateIndex
CREATE INDEX "document_created_at_id_idx" ON "document"("created_at", "id");

-- CreateIndex
CREATE INDEX "document_sender_id_created_at_id_idx" ON "document"("sender_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "dossier_received_at_id_idx" ON "dossier"("received_at", "id");

-- CreateIndex
CREATE INDEX "dossier_handling_agency_id_received_at_id_idx" ON "dossier"("handling_agency_id", "received_at", "id");

-- CreateIndex
CREATE INDEX "dossier_receiving_agency_id_received_at_id_idx" ON "dossier"("receiving_agency_id", "received_at", "id");

-- CreateIndex
CREATE INDEX "payment_created_at_id_idx" ON "payment"("created_at", "id");

-- CreateIndex
CREATE INDEX "payment_agency_id_created_at_id_idx" ON "payment"("agency_id", "created_at", "id");
