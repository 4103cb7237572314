-- CreateEnum
CREATE TYPE "PaymentKind" AS ENUM ('FEE', 'CHARGE', 'TAX', 'FINE', 'SOCIAL_INSURANCE', 'HEALTH_INSURANCE', 'OTHER');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('REQUESTED', 'PENDING', 'PAID', 'FAILED', 'EXPIRED');

-- CreateTable
CREATE TABLE "payment" (
    "id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "kind" "PaymentKind" NOT NULL,
    "amount" BIGINT NOT NULL,
    "payer_name" TEXT NOT NULL,
    "description" TEXT,
    "dossier_id" UUID,
    "fine_decision_number" TEXT,
    "fine_decision_date" DATE,
    "status" "PaymentStatus" NOT NULL DEFAULT 'REQUESTED',
    "paid_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_line" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "payment_line_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_agency_id_created_at_idx" ON "payment"("agency_id", "created_at");

-- CreateIndex
CREATE INDEX "payment_dossier_id_idx" ON "payment"("dossier_id");

-- CreateIndex
CREATE INDEX "payment_status_created_at_idx" ON "payment"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "payment_line_payment_id_position_key" ON "payment_line"("payment_id", "position");

-- AddForeignKey
ALTER TABLE "payment_line" ADD CONSTRAINT "payment_line_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
