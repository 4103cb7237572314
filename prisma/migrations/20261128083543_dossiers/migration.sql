-- CreateEnum
CREATE TYPE "OnlineType" AS ENUM ('FULL', 'PARTIAL', 'NONE');

-- CreateTable
CREATE TABLE "procedure" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "field_code" TEXT NOT NULL,
    "field_name" TEXT,
    "processing_days" INTEGER NOT NULL,
    "online_level" INTEGER NOT NULL,
    "online_type" "OnlineType" NOT NULL,
    "result_required" BOOLEAN NOT NULL DEFAULT false,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "procedure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "procedure_fee" (
    "id" UUID NOT NULL,
    "procedure_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "procedure_fee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "procedure_agency" (
    "procedure_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,

    CONSTRAINT "procedure_agency_pkey" PRIMARY KEY ("procedure_id","agency_id")
);

-- CreateTable
CREATE TABLE "holiday" (
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "holiday_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "dossier_sequence" (
    "agency_id" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "dossier_sequence_pkey" PRIMARY KEY ("agency_id","day")
);

-- CreateTable
CREATE TABLE "dossier" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "procedure_id" UUID NOT NULL,
    "receiving_agency_id" UUID NOT NULL,
    "handling_agency_id" UUID NOT NULL,
    "applicant_type" INTEGER NOT NULL,
    "applicant_name" TEXT NOT NULL,
    "applicant_id_number" TEXT,
    "applicant_phone" TEXT,
    "applicant_email" TEXT,
    "summary" TEXT,
    "channel" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "effective_due_at" TIMESTAMPTZ(3) NOT NULL,
    "supplement_open_since" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "returned_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dossier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dossier_event" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "from_status" INTEGER,
    "status" INTEGER NOT NULL,
    "actor_id" TEXT NOT NULL,
    "officer_name" TEXT,
    "position" TEXT,
    "department" TEXT,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dossier_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dossier_supplement" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "note" TEXT,

    CONSTRAINT "dossier_supplement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dossier_result" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dossier_result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_target" (
    "id" UUID NOT NULL,
    "indicator" TEXT NOT NULL,
    "level" "AgencyLevel",
    "period_start" DATE NOT NULL,
    "period_end" DATE,
    "value" DOUBLE PRECISION NOT NULL,
    "source" TEXT,

    CONSTRAINT "kpi_target_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "procedure_code_key" ON "procedure"("code");

-- CreateIndex
CREATE UNIQUE INDEX "procedure_fee_procedure_id_position_key" ON "procedure_fee"("procedure_id", "position");

-- CreateIndex
CREATE INDEX "procedure_agency_agency_id_idx" ON "procedure_agency"("agency_id");

-- CreateIndex
CREATE UNIQUE INDEX "dossier_code_key" ON "dossier"("code");

-- CreateIndex
CREATE INDEX "dossier_handling_agency_id_received_at_idx" ON "dossier"("handling_agency_id", "received_at");

-- CreateIndex
CREATE INDEX "dossier_receiving_agency_id_received_at_idx" ON "dossier"("receiving_agency_id", "received_at");

-- CreateIndex
CREATE INDEX "dossier_status_due_at_idx" ON "dossier"("status", "due_at");

-- CreateIndex
CREATE INDEX "dossier_finished_at_effective_due_at_idx" ON "dossier"("finished_at", "effective_due_at");

-- CreateIndex
CREATE INDEX "dossier_event_dossier_id_recorded_at_idx" ON "dossier_event"("dossier_id", "recorded_at");

-- CreateIndex
CREATE INDEX "dossier_supplement_dossier_id_idx" ON "dossier_supplement"("dossier_id");

-- CreateIndex
CREATE INDEX "dossier_result_dossier_id_idx" ON "dossier_result"("dossier_id");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_target_indicator_level_period_start_key" ON "kpi_target"("indicator", "level", "period_start");

-- AddForeignKey
ALTER TABLE "procedure_fee" ADD CONSTRAINT "procedure_fee_procedure_id_fkey" FOREIGN KEY ("procedure_id") REFERENCES "procedure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "procedure_agency" ADD CONSTRAINT "procedure_agency_procedure_id_fkey" FOREIGN KEY ("procedure_id") REFERENCES "procedure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_procedure_id_fkey" FOREIGN KEY ("procedure_id") REFERENCES "procedure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_event" ADD CONSTRAINT "dossier_event_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_supplement" ADD CONSTRAINT "dossier_supplement_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_result" ADD CONSTRAINT "dossier_result_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
