-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "chain_position" BIGINT,
ALTER COLUMN "previous_hash" DROP NOT NULL,
ALTER COLUMN "hash" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_chain_position_key" ON "audit_events"("chain_position");


-- Hand-written from here (Prisma diffs neither functions, triggers nor CHECKs).
--
-- Events are now inserted unlinked, in their change's transaction, and sealed
-- into the one global chain shortly after commit by the audit linker
-- (src/jobs/audit-linker.ts): intake no longer queues on a global lock
-- (bench/intake.ts, issue 4). The chain's order is chain_position; events
-- linked before this migration keep their links, in sequence order.

-- Still append-only (issue 3, part 5), with one exception: an unlinked event
-- may be sealed once, setting its link and nothing else.
CREATE OR REPLACE FUNCTION "audit_events_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
      AND OLD."chain_position" IS NULL
      AND NEW."chain_position" IS NOT NULL
      AND (NEW."sequence", NEW."id", NEW."request_id", NEW."actor_type", NEW."actor_id", NEW."action",
           NEW."payload", NEW."occurred_at")
          IS NOT DISTINCT FROM
          (OLD."sequence", OLD."id", OLD."request_id", OLD."actor_type", OLD."actor_id", OLD."action",
           OLD."payload", OLD."occurred_at") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP
    USING ERRCODE = 'integrity_constraint_violation',
          HINT = 'Record a new audit event instead of changing or removing one.';
END;
$$;

-- First, so that this sealing passes the trigger.
UPDATE "audit_events" SET "chain_position" = positioned.position
FROM (SELECT "id", row_number() OVER (ORDER BY "sequence") AS position FROM "audit_events") AS positioned
WHERE "audit_events"."id" = positioned."id";

ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_link_complete" CHECK (
    ("previous_hash" IS NULL) = ("hash" IS NULL) AND ("hash" IS NULL) = ("chain_position" IS NULL));

DROP FUNCTION "append_audit_events"(UUID[], TEXT[], JSONB[], TEXT[], UUID, "ActorType", TEXT, TIMESTAMPTZ, TEXT);

-- The linker's queue: only the events not sealed yet, oldest first (a handful at
-- any moment, however long the log grows).
CREATE INDEX "audit_events_unsealed_idx" ON "audit_events"("sequence") WHERE "chain_position" IS NULL;
