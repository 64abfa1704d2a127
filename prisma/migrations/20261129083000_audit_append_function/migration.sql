-- Hand-written (Prisma's diff engine neither writes nor compares functions).
--
-- The audit chain's locked section in one call, so one round trip between the
-- application and PostgreSQL (bench/intake.ts, issue 4): take the chain's
-- transaction-scoped advisory lock ("RDAUDIT!", released at COMMIT), read the
-- last hash, link each event as sha256(previous hash || canonical text) in hex,
-- insert it, and return the stored links. src/domain/audit-chain.ts is the
-- definition: the application computes the canonical text and re-checks every
-- returned link before it commits (src/db/audit-log-repo.ts).
--
-- VOLATILE (the default) on purpose: under READ COMMITTED each statement of a
-- volatile function takes a new snapshot, so the SELECT after the lock sees the
-- hash committed by the previous holder.
CREATE FUNCTION "append_audit_events"(
    "event_ids" UUID[],
    "event_actions" TEXT[],
    "event_payloads" JSONB[],
    "event_canonical_texts" TEXT[],
    "event_request_id" UUID,
    "event_actor_type" "ActorType",
    "event_actor_id" TEXT,
    "event_occurred_at" TIMESTAMPTZ,
    "genesis_hash" TEXT
) RETURNS TABLE ("stored_id" UUID, "stored_previous_hash" TEXT, "stored_hash" TEXT)
LANGUAGE plpgsql
AS $$
DECLARE
    event_count INTEGER := coalesce(cardinality(event_ids), 0);
    last_hash TEXT;
    next_hash TEXT;
BEGIN
    IF event_count = 0
        OR cardinality(event_actions) <> event_count
        OR cardinality(event_payloads) <> event_count
        OR cardinality(event_canonical_texts) <> event_count THEN
        RAISE EXCEPTION 'append_audit_events needs one action, payload and canonical text per event';
    END IF;

    PERFORM pg_advisory_xact_lock(5927934844000097313);

    SELECT audit_events.hash INTO last_hash
    FROM audit_events
    ORDER BY audit_events.sequence DESC
    LIMIT 1;
    last_hash := coalesce(last_hash, genesis_hash);

    FOR event_index IN 1 .. event_count LOOP
        next_hash := encode(sha256(convert_to(last_hash || event_canonical_texts[event_index], 'UTF8')), 'hex');
        INSERT INTO audit_events (id, request_id, actor_type, actor_id, action, payload, occurred_at, previous_hash, hash)
        VALUES (event_ids[event_index], event_request_id, event_actor_type, event_actor_id, event_actions[event_index],
            event_payloads[event_index], event_occurred_at, last_hash, next_hash);
        stored_id := event_ids[event_index];
        stored_previous_hash := last_hash;
        stored_hash := next_hash;
        RETURN NEXT;
        last_hash := next_hash;
    END LOOP;
END;
$$;
