-- AlterTable
ALTER TABLE "agency" ADD COLUMN     "collection_account" TEXT,
ADD COLUMN     "collection_account_name" TEXT,
ADD COLUMN     "collection_bank_code" TEXT;

-- AlterTable
ALTER TABLE "attachment" ADD COLUMN     "manifest_content_type" TEXT;

-- AlterTable
ALTER TABLE "document" ADD COLUMN     "package_fingerprint" TEXT,
ADD COLUMN     "package_sha256" TEXT,
ADD COLUMN     "signature" JSONB,
ADD COLUMN     "signature_verdict" TEXT;

-- AlterTable
ALTER TABLE "dossier" ADD COLUMN     "result_by_post" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "dossier_supplement" ADD COLUMN     "due_after" TIMESTAMPTZ(3),
ADD COLUMN     "due_before" TIMESTAMPTZ(3),
ADD COLUMN     "requested_by" TEXT;

-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "fine_type_code" TEXT,
ADD COLUMN     "fine_type_name" TEXT,
ADD COLUMN     "payer_address" TEXT,
ADD COLUMN     "payer_district" TEXT,
ADD COLUMN     "payer_id_number" TEXT,
ADD COLUMN     "payer_province" TEXT,
ADD COLUMN     "treasury" TEXT,
ADD COLUMN     "violation_at" TIMESTAMPTZ(3),
ADD COLUMN     "violation_place" TEXT,
ADD COLUMN     "violator_name" TEXT;

-- AlterTable
ALTER TABLE "payment_attempt" ADD COLUMN     "init_time" TEXT;

-- AlterTable
ALTER TABLE "procedure" ADD COLUMN     "portal_id" TEXT,
ADD COLUMN     "portal_record" JSONB,
ADD COLUMN     "result_code" TEXT;

-- AlterTable
ALTER TABLE "procedure_fee" ADD COLUMN     "code" TEXT;

-- Unicode: every text is stored in NFC, so one Vietnamese name is one byte string (rows written before the hub normalised its input)
UPDATE "agency" SET "name" = normalize("name", NFC) WHERE "name" IS NOT NFC NORMALIZED;
UPDATE "document" SET "subject" = normalize("subject", NFC), "content" = normalize("content", NFC), "code_notation" = normalize("code_notation", NFC), "type_name" = normalize("type_name", NFC), "signer_full_name" = normalize("signer_full_name", NFC), "signer_position" = normalize("signer_position", NFC), "promulgation_place" = normalize("promulgation_place", NFC) WHERE "subject" IS NOT NFC NORMALIZED OR "content" IS NOT NFC NORMALIZED OR "code_notation" IS NOT NFC NORMALIZED OR "type_name" IS NOT NFC NORMALIZED OR "signer_full_name" IS NOT NFC NORMALIZED OR "signer_position" IS NOT NFC NORMALIZED OR "promulgation_place" IS NOT NFC NORMALIZED;
UPDATE "attachment" SET "name" = normalize("name", NFC), "description" = normalize("description", NFC) WHERE "name" IS NOT NFC NORMALIZED OR "description" IS NOT NFC NORMALIZED;
UPDATE "delivery_event" SET "note" = normalize("note", NFC), "staff_name" = normalize("staff_name", NFC), "department" = normalize("department", NFC) WHERE "note" IS NOT NFC NORMALIZED OR "staff_name" IS NOT NFC NORMALIZED OR "department" IS NOT NFC NORMALIZED;
UPDATE "procedure" SET "name" = normalize("name", NFC), "field_name" = normalize("field_name", NFC) WHERE "name" IS NOT NFC NORMALIZED OR "field_name" IS NOT NFC NORMALIZED;
UPDATE "procedure_fee" SET "description" = normalize("description", NFC) WHERE "description" IS NOT NFC NORMALIZED;
UPDATE "dossier" SET "applicant_name" = normalize("applicant_name", NFC), "summary" = normalize("summary", NFC) WHERE "applicant_name" IS NOT NFC NORMALIZED OR "summary" IS NOT NFC NORMALIZED;
UPDATE "dossier_event" SET "officer_name" = normalize("officer_name", NFC), "note" = normalize("note", NFC), "department" = normalize("department", NFC), "position" = normalize("position", NFC) WHERE "officer_name" IS NOT NFC NORMALIZED OR "note" IS NOT NFC NORMALIZED OR "department" IS NOT NFC NORMALIZED OR "position" IS NOT NFC NORMALIZED;
UPDATE "dossier_supplement" SET "note" = normalize("note", NFC) WHERE "note" IS NOT NFC NORMALIZED;
UPDATE "payment" SET "payer_name" = normalize("payer_name", NFC), "description" = normalize("description", NFC) WHERE "payer_name" IS NOT NFC NORMALIZED OR "description" IS NOT NFC NORMALIZED;
UPDATE "payment_line" SET "description" = normalize("description", NFC) WHERE "description" IS NOT NFC NORMALIZED;
