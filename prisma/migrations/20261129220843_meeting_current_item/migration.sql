-- AlterTable
ALTER TABLE "meeting" ADD COLUMN     "current_item" INTEGER;
