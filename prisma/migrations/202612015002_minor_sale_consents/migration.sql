-- CreateEnum
CREATE TYPE "MinorOptInParty" AS ENUM ('consumer', 'parent_guardian');

-- CreateEnum
CREATE TYPE "ParentVerificationMethod" AS ENUM ('signed_consent_form', 'payment_card_transaction', 'toll_free_call', 'video_conference', 'government_id');

-- CreateTable
CREATE TABLE "minor_sale_consents" (
    "id" UUID NOT NULL,
    "identity_kind" "IdentityKind" NOT NULL,
    "identity_value" TEXT NOT NULL,
    "age_band" "AgeBand" NOT NULL,
    "known_since" TIMESTAMPTZ(3) NOT NULL,
    "known_from_request_id" UUID NOT NULL,
    "opted_in_at" TIMESTAMPTZ(3),
    "opted_in_by" "MinorOptInParty",
    "parent_verification_method" "ParentVerificationMethod",
    "declined_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "minor_sale_consents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "minor_sale_consents_known_from_request_id_idx" ON "minor_sale_consents"("known_from_request_id");

-- CreateIndex
CREATE UNIQUE INDEX "minor_sale_consents_identity_kind_identity_value_key" ON "minor_sale_consents"("identity_kind", "identity_value");
