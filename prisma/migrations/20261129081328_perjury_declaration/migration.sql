-- AlterTable
ALTER TABLE "request_subjects" ADD COLUMN     "declaration_signed_at" TIMESTAMPTZ(3),
ADD COLUMN     "declaration_signed_name" TEXT;
