-- AlterEnum
ALTER TYPE "ChallengePurpose" ADD VALUE 'minor_consent';

-- AlterTable
ALTER TABLE "minor_sale_consents" ADD COLUMN     "parent_opt_in_requested_at" TIMESTAMPTZ(3);
