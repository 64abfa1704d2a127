-- AlterTable
ALTER TABLE "request_subjects" ALTER COLUMN "email" DROP NOT NULL,
ALTER COLUMN "email_normalized" DROP NOT NULL;
