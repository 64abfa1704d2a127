-- CreateEnum
CREATE TYPE "RequestType" AS ENUM ('know', 'delete', 'correct', 'opt_out', 'limit', 'nv_opt_out', 'stl_disclosure');

-- CreateEnum
CREATE TYPE "Jurisdiction" AS ENUM ('ca_ccpa', 'nv', 'ca_shine_the_light');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('web', 'email', 'phone', 'mail', 'in_person', 'gpc');

-- CreateEnum
CREATE TYPE "Submitter" AS ENUM ('self', 'authorized_agent', 'parent_guardian');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('awaiting_verification', 'awaiting_agent_authorization', 'verified', 'in_progress', 'completed', 'denied', 'closed_unverified', 'withdrawn');

-- CreateEnum
CREATE TYPE "AgeBand" AS ENUM ('under_13', '13_15', '16_plus');

-- CreateEnum
CREATE TYPE "AgentKind" AS ENUM ('person', 'business');

-- CreateEnum
CREATE TYPE "AgentDocumentKind" AS ENUM ('signed_permission', 'power_of_attorney');

-- CreateEnum
CREATE TYPE "VerificationMethod" AS ENUM ('records_match', 'account_reauthentication');

-- CreateEnum
CREATE TYPE "VerificationLevel" AS ENUM ('none', 'reasonable', 'reasonably_high', 'commercially_reasonable', 'customer_match');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('consumer', 'staff', 'system', 'api_token');

-- CreateEnum
CREATE TYPE "ApiTokenRole" AS ENUM ('privacy_officer', 'call_center_agent', 'auditor', 'admin', 'integration');

-- CreateTable
CREATE TABLE "privacy_requests" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "type" "RequestType" NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "channel" "Channel" NOT NULL,
    "submitter" "Submitter" NOT NULL,
    "status" "RequestStatus" NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at_designated_address" BOOLEAN,
    "receipt_date" DATE NOT NULL,
    "acknowledge_by" DATE,
    "respond_by" DATE NOT NULL,
    "extended_respond_by" DATE,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "state" JSONB NOT NULL,
    "assignee_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "privacy_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_subjects" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_normalized" TEXT NOT NULL,
    "phone" TEXT,
    "address_line1" TEXT,
    "address_line2" TEXT,
    "address_city" TEXT,
    "address_state" CHAR(2),
    "address_postal_code" TEXT,
    "account_number" TEXT,
    "last_interaction_date" DATE,
    "age_band" "AgeBand",
    "state_of_residence" CHAR(2) NOT NULL,
    "correction" JSONB,

    CONSTRAINT "request_subjects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_agents" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "kind" "AgentKind" NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "secretary_of_state_number" TEXT,

    CONSTRAINT "request_agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_documents" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "kind" "AgentDocumentKind" NOT NULL,
    "media_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storage_key" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agent_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_records" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "method" "VerificationMethod" NOT NULL,
    "level" "VerificationLevel" NOT NULL,
    "matched_data_points" TEXT[],
    "email_control_proven" BOOLEAN NOT NULL,
    "declaration_signed" BOOLEAN NOT NULL,
    "declaration_signed_name" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,

    CONSTRAINT "verification_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_notes" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "author_type" "ActorType" NOT NULL,
    "author_id" TEXT,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "request_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "sequence" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "request_id" UUID,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "ApiTokenRole" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "privacy_requests_reference_key" ON "privacy_requests"("reference");

-- CreateIndex
CREATE INDEX "privacy_requests_status_respond_by_id_idx" ON "privacy_requests"("status", "respond_by", "id");

-- CreateIndex
CREATE INDEX "privacy_requests_type_idx" ON "privacy_requests"("type");

-- CreateIndex
CREATE INDEX "privacy_requests_jurisdiction_idx" ON "privacy_requests"("jurisdiction");

-- CreateIndex
CREATE INDEX "privacy_requests_respond_by_id_idx" ON "privacy_requests"("respond_by", "id");

-- CreateIndex
CREATE UNIQUE INDEX "request_subjects_request_id_key" ON "request_subjects"("request_id");

-- CreateIndex
CREATE INDEX "request_subjects_email_normalized_idx" ON "request_subjects"("email_normalized");

-- CreateIndex
CREATE UNIQUE INDEX "request_agents_request_id_key" ON "request_agents"("request_id");

-- CreateIndex
CREATE UNIQUE INDEX "agent_documents_storage_key_key" ON "agent_documents"("storage_key");

-- CreateIndex
CREATE INDEX "agent_documents_request_id_idx" ON "agent_documents"("request_id");

-- CreateIndex
CREATE INDEX "verification_records_request_id_idx" ON "verification_records"("request_id");

-- CreateIndex
CREATE INDEX "request_notes_request_id_created_at_idx" ON "request_notes"("request_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_sequence_key" ON "audit_events"("sequence");

-- CreateIndex
CREATE INDEX "audit_events_request_id_sequence_idx" ON "audit_events"("request_id", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- AddForeignKey
ALTER TABLE "request_subjects" ADD CONSTRAINT "request_subjects_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_agents" ADD CONSTRAINT "request_agents_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_documents" ADD CONSTRAINT "agent_documents_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_records" ADD CONSTRAINT "verification_records_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_notes" ADD CONSTRAINT "request_notes_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Hand-written: the audit log is append-only (issue 3, part 5; STYLE rule 6).
-- Prisma does not diff triggers, so the drift check is unaffected. Only a
-- superuser can get past this, by disabling the trigger (which leaves the hash
-- chain to catch the change: `npm run cli -- audit:verify`).
CREATE FUNCTION "audit_events_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP
    USING ERRCODE = 'integrity_constraint_violation',
          HINT = 'Record a new audit event instead of changing or removing one.';
END;
$$;

CREATE TRIGGER "audit_events_refuse_update_delete"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_change"();

CREATE TRIGGER "audit_events_refuse_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"();
