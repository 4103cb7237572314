-- AlterTable
ALTER TABLE "delivery_event" ADD COLUMN     "signature" JSONB,
ADD COLUMN     "signature_verdict" TEXT;
