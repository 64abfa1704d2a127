-- AlterTable
ALTER TABLE "request_subjects" ALTER COLUMN "first_name" DROP NOT NULL,
ALTER COLUMN "last_name" DROP NOT NULL,
ALTER COLUMN "state_of_residence" DROP NOT NULL;
