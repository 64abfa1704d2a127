-- CreateEnum
CREATE TYPE "InboundSource" AS ENUM ('smtp', 'imap');

-- CreateEnum
CREATE TYPE "InboundStatus" AS ENUM ('pending', 'processed');

-- CreateEnum
CREATE TYPE "InboundClassification" AS ENUM ('new_request', 'reply', 'automatic', 'bounce', 'mailing_list', 'triage');

-- CreateEnum
CREATE TYPE "TriageResolution" AS ENUM ('request_created', 'attached', 'not_a_request');

-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('in', 'out');

-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "bounced_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "inbound_messages" (
    "id" UUID NOT NULL,
    "source" "InboundSource" NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "raw" BYTEA NOT NULL,
    "raw_size" INTEGER NOT NULL,
    "envelope_from" TEXT,
    "envelope_to" TEXT[],
    "client_address" TEXT,
    "client_helo" TEXT,
    "imap_mailbox" TEXT,
    "imap_uid_validity" BIGINT,
    "imap_uid" BIGINT,
    "message_id" TEXT,
    "in_reply_to" TEXT,
    "references" TEXT[],
    "from_address" TEXT,
    "from_name" TEXT,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "auto_submitted" TEXT,
    "list_id" TEXT,
    "precedence" TEXT,
    "content_type" TEXT NOT NULL,
    "attachments" JSONB NOT NULL,
    "status" "InboundStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "processed_at" TIMESTAMPTZ(3),
    "authentication" JSONB,
    "classification" "InboundClassification",
    "classification_reason" TEXT,
    "request_id" UUID,
    "auto_answered" BOOLEAN NOT NULL DEFAULT false,
    "triage_resolution" "TriageResolution",
    "triage_resolved_at" TIMESTAMPTZ(3),
    "triage_resolved_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "imap_mailbox_positions" (
    "mailbox" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "last_uid" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "imap_mailbox_positions_pkey" PRIMARY KEY ("mailbox")
);

-- CreateTable
CREATE TABLE "request_messages" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "direction" "MessageDirection" NOT NULL,
    "channel" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "language" "Language",
    "inbound_message_id" UUID,
    "outbox_message_id" UUID,
    "author_type" "ActorType" NOT NULL,
    "author_id" TEXT,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "request_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inbound_messages_status_created_at_idx" ON "inbound_messages"("status", "created_at");

-- CreateIndex
CREATE INDEX "inbound_messages_classification_triage_resolution_received__idx" ON "inbound_messages"("classification", "triage_resolution", "received_at", "id");

-- CreateIndex
CREATE INDEX "inbound_messages_message_id_idx" ON "inbound_messages"("message_id");

-- CreateIndex
CREATE INDEX "inbound_messages_from_address_received_at_idx" ON "inbound_messages"("from_address", "received_at");

-- CreateIndex
CREATE INDEX "inbound_messages_envelope_from_received_at_idx" ON "inbound_messages"("envelope_from", "received_at");

-- CreateIndex
CREATE INDEX "inbound_messages_request_id_received_at_idx" ON "inbound_messages"("request_id", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_messages_imap_mailbox_imap_uid_validity_imap_uid_key" ON "inbound_messages"("imap_mailbox", "imap_uid_validity", "imap_uid");

-- CreateIndex
CREATE UNIQUE INDEX "request_messages_inbound_message_id_key" ON "request_messages"("inbound_message_id");

-- CreateIndex
CREATE UNIQUE INDEX "request_messages_outbox_message_id_key" ON "request_messages"("outbox_message_id");

-- CreateIndex
CREATE INDEX "request_messages_request_id_at_idx" ON "request_messages"("request_id", "at");

-- CreateIndex
CREATE INDEX "request_messages_direction_read_at_idx" ON "request_messages"("direction", "read_at");

-- AddForeignKey
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_messages" ADD CONSTRAINT "request_messages_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every instance's inbound-mail processor LISTENs on "inbound_messages": a
-- stored message wakes them at commit, whichever instance (SMTP listener or
-- IMAP poller) stored it.
CREATE FUNCTION notify_inbound_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('inbound_messages', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER inbound_messages_notify
  AFTER INSERT ON inbound_messages
  FOR EACH STATEMENT EXECUTE FUNCTION notify_inbound_messages();
