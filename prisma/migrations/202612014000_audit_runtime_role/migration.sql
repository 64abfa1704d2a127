-- AlterTable
ALTER TABLE "audit_events" ALTER COLUMN "occurred_at" SET DEFAULT CURRENT_TIMESTAMP;


-- Hand-written from here (Prisma diffs neither functions, triggers, grants nor CHECKs).
--
-- The server runs under a role that does not own the tables (DATABASE_URL);
-- migrations run under the owner (MIGRATION_DATABASE_URL). Only an owner may
-- disable a trigger, so the append-only trigger now holds against the server
-- itself: the runtime role may read the audit log and insert events, and seal
-- them only through seal_audit_events below, which it cannot alter.
-- grant_runtime_privileges names what the runtime role needs; the migrator
-- calls it after every run, so tables added by later migrations are covered.

-- The database stamps every event's time: an inserter cannot backdate one.
CREATE FUNCTION "audit_events_stamp_time"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."occurred_at" := now();
  RETURN NEW;
END;
$$;

CREATE TRIGGER "audit_events_stamp_time"
  BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_stamp_time"();

-- Chain positions count from 1: nothing may sit before the first event.
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_chain_position_positive" CHECK ("chain_position" > 0);

-- Seals unsealed events after the chain head, in the order given, each at the
-- next position and only if it names the head's hash as its previous hash: the
-- chain can only grow, contiguously, from its end. The caller computes the
-- hashes (RFC 8785 canonical JSON, src/domain/audit-chain.ts); audit:verify
-- recomputes every one. SECURITY DEFINER: it updates as the owner, which the
-- runtime role cannot do itself; the search path is fixed so that no object of
-- the caller's can stand in for audit_events.
CREATE FUNCTION "seal_audit_events"("event_ids" UUID[], "previous_hashes" TEXT[], "hashes" TEXT[])
RETURNS BIGINT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    event_count INTEGER := coalesce(cardinality(event_ids), 0);
    head_position BIGINT;
    head_hash TEXT;
BEGIN
    IF coalesce(cardinality(previous_hashes), 0) <> event_count
        OR coalesce(cardinality(hashes), 0) <> event_count THEN
        RAISE EXCEPTION 'seal_audit_events needs one previous hash and one hash per event';
    END IF;

    -- The chain's lock ("RDAUDIT!"), as the audit linker takes it.
    PERFORM pg_advisory_xact_lock(5927934844000097313);

    SELECT "chain_position", "hash" INTO head_position, head_hash
    FROM "audit_events" WHERE "chain_position" IS NOT NULL
    ORDER BY "chain_position" DESC LIMIT 1;
    head_position := coalesce(head_position, 0);
    head_hash := coalesce(head_hash, repeat('0', 64));

    FOR event_index IN 1 .. event_count LOOP
        IF previous_hashes[event_index] IS DISTINCT FROM head_hash THEN
            RAISE EXCEPTION 'audit event % does not follow the chain head', event_ids[event_index]
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF hashes[event_index] IS NULL OR hashes[event_index] !~ '^[0-9a-f]{64}$' THEN
            RAISE EXCEPTION 'audit event % needs a SHA-256 hash in hex', event_ids[event_index]
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        UPDATE "audit_events"
        SET "chain_position" = head_position + 1, "previous_hash" = head_hash, "hash" = hashes[event_index]
        WHERE "id" = event_ids[event_index] AND "chain_position" IS NULL;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'audit event % is unknown or already sealed', event_ids[event_index]
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        head_position := head_position + 1;
        head_hash := hashes[event_index];
    END LOOP;
    RETURN head_position;
END;
$$;

REVOKE ALL ON FUNCTION "seal_audit_events"(UUID[], TEXT[], TEXT[]) FROM PUBLIC;

-- What the server's role may do, granted by the migrator (src/db/migrator.ts)
-- after each run: read and write the working tables, read the migration
-- history (readiness), read the audit log, insert events without choosing their
-- time or link, and seal them through seal_audit_events. No DDL, no TRUNCATE.
CREATE FUNCTION "grant_runtime_privileges"("runtime_role" NAME) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
    IF runtime_role = current_user THEN
        RETURN;
    END IF;
    EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', runtime_role);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', runtime_role);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', runtime_role);
    EXECUTE format('REVOKE ALL ON "audit_events", "_prisma_migrations" FROM %I', runtime_role);
    EXECUTE format('GRANT SELECT ON "audit_events", "_prisma_migrations" TO %I', runtime_role);
    EXECUTE format('GRANT INSERT ("id", "request_id", "actor_type", "actor_id", "action", "payload") '
        'ON "audit_events" TO %I', runtime_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION "seal_audit_events"(UUID[], TEXT[], TEXT[]) TO %I', runtime_role);
END;
$$;

REVOKE ALL ON FUNCTION "grant_runtime_privileges"(NAME) FROM PUBLIC;
