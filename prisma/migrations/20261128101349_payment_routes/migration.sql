-- CreateEnum
CREATE TYPE "PaymentRoute" AS ENUM ('PLATFORM', 'PAYGOV');

-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "route" "PaymentRoute" NOT NULL DEFAULT 'PLATFORM';

-- AlterTable
ALTER TABLE "payment_attempt" ADD COLUMN     "route" "PaymentRoute" NOT NULL DEFAULT 'PLATFORM';
