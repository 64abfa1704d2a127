-- AlterTable
ALTER TABLE "email_challenges" ADD COLUMN     "confirmed_at" TIMESTAMPTZ(3);
