-- CreateTable
CREATE TABLE "meeting" (
    "id" UUID NOT NULL,
    "convening_agency_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "place" TEXT,
    "chair_name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "published_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting_participant" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "name" TEXT,
    "role" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "answer" TEXT NOT NULL DEFAULT 'PENDING',
    "absence_reason" TEXT,
    "delegate_name" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "answered_by" TEXT,

    CONSTRAINT "meeting_participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agenda_item" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "presenting_agency_id" UUID,
    "document_ids" UUID[],

    CONSTRAINT "agenda_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "meeting_convening_agency_id_starts_at_id_idx" ON "meeting"("convening_agency_id", "starts_at", "id");

-- CreateIndex
CREATE INDEX "meeting_participant_agency_id_meeting_id_idx" ON "meeting_participant"("agency_id", "meeting_id");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_participant_meeting_id_position_key" ON "meeting_participant"("meeting_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "agenda_item_meeting_id_position_key" ON "agenda_item"("meeting_id", "position");

-- AddForeignKey
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_convening_agency_id_fkey" FOREIGN KEY ("convening_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_participant" ADD CONSTRAINT "meeting_participant_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_participant" ADD CONSTRAINT "meeting_participant_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agenda_item" ADD CONSTRAINT "agenda_item_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agenda_item" ADD CONSTRAINT "agenda_item_presenting_agency_id_fkey" FOREIGN KEY ("presenting_agency_id") REFERENCES "agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;
