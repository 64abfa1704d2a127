-- AlterTable
ALTER TABLE "staff_users" ADD COLUMN     "totp_last_time_step" INTEGER;

-- CreateIndex
CREATE INDEX "audit_events_actor_id_action_sequence_idx" ON "audit_events"("actor_id", "action", "sequence");
