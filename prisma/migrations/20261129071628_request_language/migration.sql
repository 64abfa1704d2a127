-- CreateEnum
CREATE TYPE "Language" AS ENUM ('en', 'es');

-- AlterTable
ALTER TABLE "privacy_requests" ADD COLUMN     "language" "Language" NOT NULL DEFAULT 'en';
