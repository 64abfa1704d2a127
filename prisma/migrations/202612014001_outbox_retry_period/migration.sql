-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "retry_until" TIMESTAMPTZ(3);
