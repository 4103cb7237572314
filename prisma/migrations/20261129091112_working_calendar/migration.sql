-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('DAY_OFF', 'WORKING_DAY');

-- CreateTable
CREATE TABLE "calendar_day" (
    "date" DATE NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_day_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "calendar_year" (
    "year" INTEGER NOT NULL,
    "confirmed" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_year_pkey" PRIMARY KEY ("year")
);

-- The old holiday table's days carry over as days off, marked as entered before sources were kept
-- (the seed replaces them with the decided days and their sources)
INSERT INTO "calendar_day" ("date", "kind", "name", "source", "provisional")
SELECT "date", 'DAY_OFF', "name", 'ngày nghỉ nhập trước khi lịch ghi nguồn', false FROM "holiday";

-- DropTable
DROP TABLE "holiday";
