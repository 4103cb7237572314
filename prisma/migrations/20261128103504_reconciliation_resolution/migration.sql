-- AlterTable
ALTER TABLE "reconciliation_mismatch" ADD COLUMN     "resolution" TEXT;
