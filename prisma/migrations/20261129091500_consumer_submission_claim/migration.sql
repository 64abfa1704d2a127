-- Hand-written (Prisma's diff engine neither writes nor compares functions).
--
-- What answers a consumer's submission instead of a new request (issue 4,
-- part 7): a replay of the same Idempotency-Key, or the same type from the
-- same email within the duplicate window. It runs first inside the statement
-- that writes the new request (src/db/requests-repo.ts), so a submission is
-- one round trip (bench/intake.ts). Each lookup runs under a transaction-scoped
-- advisory lock on its key, held to COMMIT, so two concurrent identical
-- submissions cannot both get through: under READ COMMITTED (PostgreSQL's
-- default, which this relies on) each query of a VOLATILE function sees what
-- committed before it ran, after the lock was granted. The two kinds of lock
-- have their own namespaces (the first key), so they never collide.
--
-- Answers the earlier request's id, or NULL for a new request. A replayed key
-- with another body raises SQLSTATE RD409.
CREATE FUNCTION "claim_consumer_submission"(
    "idempotency_lock" TEXT,
    "key_hash" TEXT,
    "body_hash" TEXT,
    "duplicate_lock" TEXT,
    "request_type" "RequestType",
    "request_channel" "Channel",
    "request_submitter" "Submitter",
    "email_normalized" TEXT,
    "received_since" TIMESTAMPTZ,
    "claimed_at" TIMESTAMPTZ
) RETURNS UUID
LANGUAGE plpgsql
AS $$
DECLARE
    earlier_id UUID;
    earlier_body_hash TEXT;
BEGIN
    IF "key_hash" IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(1380206921, hashtext("idempotency_lock")); -- "RDII"
        SELECT replay.request_id, replay.body_hash INTO earlier_id, earlier_body_hash
        FROM idempotency_keys AS replay
        WHERE replay.key_hash = claim_consumer_submission.key_hash;
        IF FOUND THEN
            IF earlier_body_hash <> claim_consumer_submission.body_hash THEN
                RAISE EXCEPTION 'IDEMPOTENCY.KEY_REUSED' USING ERRCODE = 'RD409';
            END IF;
            RETURN earlier_id;
        END IF;
    END IF;

    IF "duplicate_lock" IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(1380205648, hashtext("duplicate_lock")); -- "RDDP"
    -- The plan is pinned to the email index, then the primary key: the LATERAL
    -- reference fixes the join order and OFFSET 0 keeps the subquery whole. Left
    -- free, the planner read every request through the type and channel indexes
    -- whenever their statistics lagged behind a burst of inserts (18 ms, not 0.05).
    SELECT request.id INTO earlier_id
    FROM request_subjects AS subject
    CROSS JOIN LATERAL (
        SELECT id, type, channel, submitter, received_at FROM privacy_requests
        WHERE id = subject.request_id OFFSET 0
    ) AS request
    WHERE subject.email_normalized = claim_consumer_submission.email_normalized
        AND request.type = "request_type" AND request.channel = "request_channel"
        AND request.submitter = "request_submitter" AND request.received_at >= "received_since"
    ORDER BY request.received_at DESC
    LIMIT 1;

    IF earlier_id IS NOT NULL AND "key_hash" IS NOT NULL THEN
        INSERT INTO idempotency_keys (key_hash, body_hash, request_id, created_at)
        VALUES ("key_hash", "body_hash", earlier_id, "claimed_at");
    END IF;
    RETURN earlier_id;
END;
$$;
