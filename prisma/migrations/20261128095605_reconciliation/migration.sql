-- CreateTable
CREATE TABLE "reconciliation_run" (
    "id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "ran_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "platform_count" INTEGER NOT NULL,
    "hub_count" INTEGER NOT NULL,

    CONSTRAINT "reconciliation_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_mismatch" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "platform_amount" BIGINT,
    "hub_amount" BIGINT,
    "platform_status" TEXT,
    "hub_status" TEXT,

    CONSTRAINT "reconciliation_mismatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_run_day_key" ON "reconciliation_run"("day");

-- CreateIndex
CREATE INDEX "reconciliation_mismatch_run_id_idx" ON "reconciliation_mismatch"("run_id");

-- AddForeignKey
ALTER TABLE "reconciliation_mismatch" ADD CONSTRAINT "reconciliation_mismatch_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
