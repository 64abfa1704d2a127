-- AlterEnum
ALTER TYPE "RequestType" ADD VALUE 'stl_suppression';

-- AlterTable
ALTER TABLE "consumer_preferences" ADD COLUMN     "direct_marketing_suppressed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "direct_marketing_suppressed_since" TIMESTAMPTZ(3);
