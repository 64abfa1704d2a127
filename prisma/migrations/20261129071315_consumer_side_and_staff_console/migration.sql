-- CreateEnum
CREATE TYPE "ChallengePurpose" AS ENUM ('request_verification', 'agent_authorization_confirmation', 'status_lookup');

-- CreateEnum
CREATE TYPE "IdentityKind" AS ENUM ('email', 'phone', 'account_number');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('admin', 'privacy_officer', 'call_center_agent', 'auditor');

-- AlterTable
ALTER TABLE "agent_documents" ADD COLUMN     "content" BYTEA NOT NULL;

-- CreateTable
CREATE TABLE "email_challenges" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "purpose" "ChallengePurpose" NOT NULL,
    "code_hash" TEXT NOT NULL,
    "link_token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_at" TIMESTAMPTZ(3),
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL,
    "send_count" INTEGER NOT NULL DEFAULT 1,
    "consumed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_challenges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "hits" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "key_hash" TEXT NOT NULL,
    "body_hash" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("key_hash")
);

-- CreateTable
CREATE TABLE "consumer_preferences" (
    "id" UUID NOT NULL,
    "identity_kind" "IdentityKind" NOT NULL,
    "identity_value" TEXT NOT NULL,
    "do_not_sell_or_share" BOOLEAN NOT NULL DEFAULT false,
    "do_not_sell_or_share_since" TIMESTAMPTZ(3),
    "limit_sensitive_use" BOOLEAN NOT NULL DEFAULT false,
    "limit_sensitive_use_since" TIMESTAMPTZ(3),
    "nevada_no_sale" BOOLEAN NOT NULL DEFAULT false,
    "nevada_no_sale_since" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consumer_preferences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gpc_browsers" (
    "id" UUID NOT NULL,
    "cookie_hash" TEXT NOT NULL,
    "first_signal_at" TIMESTAMPTZ(3) NOT NULL,
    "last_signal_at" TIMESTAMPTZ(3) NOT NULL,
    "request_id" UUID,
    "linked_email_normalized" TEXT,
    "linked_at" TIMESTAMPTZ(3),

    CONSTRAINT "gpc_browsers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "password_hash" TEXT,
    "totp_secret_encrypted" TEXT,
    "totp_enabled_at" TIMESTAMPTZ(3),
    "failed_sign_ins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_sessions" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "two_factor_verified_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_sign_in_links" (
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_sign_in_links_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL,
    "account_number" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "address_line1" TEXT,
    "address_line2" TEXT,
    "address_city" TEXT,
    "address_state" CHAR(2),
    "address_postal_code" TEXT,
    "last_interaction_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "email_challenges_link_token_hash_key" ON "email_challenges"("link_token_hash");

-- CreateIndex
CREATE INDEX "email_challenges_request_id_purpose_idx" ON "email_challenges"("request_id", "purpose");

-- CreateIndex
CREATE INDEX "rate_limit_counters_window_start_idx" ON "rate_limit_counters"("window_start");

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "consumer_preferences_identity_kind_identity_value_key" ON "consumer_preferences"("identity_kind", "identity_value");

-- CreateIndex
CREATE UNIQUE INDEX "gpc_browsers_cookie_hash_key" ON "gpc_browsers"("cookie_hash");

-- CreateIndex
CREATE UNIQUE INDEX "gpc_browsers_request_id_key" ON "gpc_browsers"("request_id");

-- CreateIndex
CREATE INDEX "gpc_browsers_linked_email_normalized_idx" ON "gpc_browsers"("linked_email_normalized");

-- CreateIndex
CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "staff_sessions_token_hash_key" ON "staff_sessions"("token_hash");

-- CreateIndex
CREATE INDEX "staff_sessions_user_id_idx" ON "staff_sessions"("user_id");

-- CreateIndex
CREATE INDEX "staff_sign_in_links_user_id_idx" ON "staff_sign_in_links"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "customers_account_number_key" ON "customers"("account_number");

-- CreateIndex
CREATE INDEX "customers_email_idx" ON "customers"("email");

-- CreateIndex
CREATE INDEX "customers_phone_idx" ON "customers"("phone");

-- CreateIndex
CREATE INDEX "customers_last_name_address_postal_code_idx" ON "customers"("last_name", "address_postal_code");

-- CreateIndex
CREATE INDEX "privacy_requests_assignee_id_respond_by_id_idx" ON "privacy_requests"("assignee_id", "respond_by", "id");

-- CreateIndex
CREATE INDEX "privacy_requests_channel_idx" ON "privacy_requests"("channel");

-- AddForeignKey
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_challenges" ADD CONSTRAINT "email_challenges_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "privacy_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_sign_in_links" ADD CONSTRAINT "staff_sign_in_links_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
