-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "payment_url" TEXT;

-- CreateTable
CREATE TABLE "payment_attempt" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'STARTED',
    "payment_url" TEXT,
    "transaction_id" TEXT,
    "failure" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "payment_attempt_reference_key" ON "payment_attempt"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "payment_attempt_payment_id_number_key" ON "payment_attempt"("payment_id", "number");
