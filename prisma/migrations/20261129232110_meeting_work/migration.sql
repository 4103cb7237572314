-- AlterTable
ALTER TABLE "agenda_item" ADD COLUMN     "paper_documents" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "meeting" ADD COLUMN     "cancel_reason" TEXT,
ADD COLUMN     "concluded_at" TIMESTAMPTZ(3),
ADD COLUMN     "conclusion_document_id" UUID,
ADD COLUMN     "invitation_document_id" UUID;

-- CreateTable
CREATE TABLE "meeting_comment" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "item_position" INTEGER NOT NULL,
    "document_id" UUID,
    "agency_id" UUID NOT NULL,
    "author_name" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meeting_comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_task" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "owner_agency_id" UUID NOT NULL,
    "due_date" DATE NOT NULL,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "last_note" TEXT,
    "done_at" TIMESTAMPTZ(3),
    "warned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meeting_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "opinion_form" (
    "id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "document_id" UUID,
    "questions" TEXT[],
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "remind_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "opinion_form_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "opinion_recipient" (
    "id" UUID NOT NULL,
    "form_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "answers" JSONB,
    "content_hash" TEXT,
    "nonce" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "reminded_at" TIMESTAMPTZ(3),
    "warned_at" TIMESTAMPTZ(3),

    CONSTRAINT "opinion_recipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person_contact" (
    "subject" TEXT NOT NULL,
    "agency_id" UUID NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "channels" TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "person_contact_pkey" PRIMARY KEY ("subject")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "agency_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "provider_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "meeting_comment_meeting_id_item_position_created_at_idx" ON "meeting_comment"("meeting_id", "item_position", "created_at");

-- CreateIndex
CREATE INDEX "meeting_task_owner_agency_id_status_idx" ON "meeting_task"("owner_agency_id", "status");

-- CreateIndex
CREATE INDEX "meeting_task_status_due_date_idx" ON "meeting_task"("status", "due_date");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_task_meeting_id_position_key" ON "meeting_task"("meeting_id", "position");

-- CreateIndex
CREATE INDEX "opinion_form_agency_id_created_at_id_idx" ON "opinion_form"("agency_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "opinion_form_deadline_idx" ON "opinion_form"("deadline");

-- CreateIndex
CREATE INDEX "opinion_recipient_agency_id_form_id_idx" ON "opinion_recipient"("agency_id", "form_id");

-- CreateIndex
CREATE UNIQUE INDEX "opinion_recipient_form_id_subject_key" ON "opinion_recipient"("form_id", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "notification_dedupe_key_key" ON "notification"("dedupe_key");

-- CreateIndex
CREATE INDEX "notification_status_created_at_idx" ON "notification"("status", "created_at");

-- CreateIndex
CREATE INDEX "notification_subject_created_at_idx" ON "notification"("subject", "created_at");

-- AddForeignKey
ALTER TABLE "meeting_comment" ADD CONSTRAINT "meeting_comment_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_task" ADD CONSTRAINT "meeting_task_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "opinion_recipient" ADD CONSTRAINT "opinion_recipient_form_id_fkey" FOREIGN KEY ("form_id") REFERENCES "opinion_form"("id") ON DELETE CASCADE ON UPDATE CASCADE;
