-- AlterTable
ALTER TABLE "meeting_participant" ADD COLUMN     "subject" TEXT;

-- CreateTable
CREATE TABLE "vote" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "item_position" INTEGER,
    "question" TEXT NOT NULL,
    "secret" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "members" INTEGER NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "approve" INTEGER,
    "reject" INTEGER,
    "other" INTEGER,
    "quorum_reached" BOOLEAN,

    CONSTRAINT "vote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ballot" (
    "id" UUID NOT NULL,
    "vote_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "choice" TEXT NOT NULL,
    "opinion" TEXT,
    "content_hash" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "cast_by" TEXT NOT NULL,
    "cast_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ballot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "vote_meeting_id_opened_at_idx" ON "vote"("meeting_id", "opened_at");

-- CreateIndex
CREATE UNIQUE INDEX "ballot_vote_id_participant_id_key" ON "ballot"("vote_id", "participant_id");

-- AddForeignKey
ALTER TABLE "vote" ADD CONSTRAINT "vote_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_vote_id_fkey" FOREIGN KEY ("vote_id") REFERENCES "vote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "meeting_participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
