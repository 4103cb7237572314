-- CreateTable
CREATE TABLE "document" (
    "id" UUID NOT NULL,
    "external_id" TEXT NOT NULL,
    "sender_id" UUID NOT NULL,
    "code_number" TEXT NOT NULL,
    "code_notation" TEXT NOT NULL,
    "type_code" INTEGER NOT NULL,
    "type_detail" INTEGER,
    "type_name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "content" TEXT,
    "promulgation_place" TEXT,
    "promulgation_date" DATE NOT NULL,
    "signer_competence" TEXT,
    "signer_position" TEXT,
    "signer_full_name" TEXT,
    "due_date" DATE,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "steering_type" INTEGER,
    "to_places" TEXT[],
    "other_info" JSONB NOT NULL DEFAULT '{}',
    "response_for_external_id" TEXT,
    "response_for_id" UUID,
    "business_doc_type" INTEGER NOT NULL DEFAULT 0,
    "replaces_id" UUID,
    "revoked_at" TIMESTAMPTZ(3),
    "revoke_reason" TEXT,
    "updated_reason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "source" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment" (
    "id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "content_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "content_type" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,

    CONSTRAINT "attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT,
    "status_at" TIMESTAMPTZ(3),
    "pending_change" TEXT,
    "taken_back_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_event" (
    "id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "agency_id" UUID NOT NULL,
    "actor_id" TEXT NOT NULL,
    "staff_name" TEXT,
    "department" TEXT,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook" (
    "agency_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secret_version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_pkey" PRIMARY KEY ("agency_id")
);

-- CreateTable
CREATE TABLE "webhook_call" (
    "id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_call_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "document_sender_id_created_at_idx" ON "document"("sender_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "document_sender_id_external_id_key" ON "document"("sender_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "document_sender_id_idempotency_key_key" ON "document"("sender_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "attachment_sha256_idx" ON "attachment"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "attachment_document_id_position_key" ON "attachment"("document_id", "position");

-- CreateIndex
CREATE INDEX "delivery_recipient_id_created_at_id_idx" ON "delivery"("recipient_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_document_id_recipient_id_key" ON "delivery"("document_id", "recipient_id");

-- CreateIndex
CREATE INDEX "delivery_event_delivery_id_recorded_at_idx" ON "delivery_event"("delivery_id", "recorded_at");

-- CreateIndex
CREATE INDEX "webhook_call_status_created_at_idx" ON "webhook_call"("status", "created_at");

-- CreateIndex
CREATE INDEX "webhook_call_agency_id_created_at_idx" ON "webhook_call"("agency_id", "created_at");

-- AddForeignKey
ALTER TABLE "document" ADD CONSTRAINT "document_sender_id_fkey" FOREIGN KEY ("sender_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document" ADD CONSTRAINT "document_response_for_id_fkey" FOREIGN KEY ("response_for_id") REFERENCES "document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document" ADD CONSTRAINT "document_replaces_id_fkey" FOREIGN KEY ("replaces_id") REFERENCES "document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_event" ADD CONSTRAINT "delivery_event_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
