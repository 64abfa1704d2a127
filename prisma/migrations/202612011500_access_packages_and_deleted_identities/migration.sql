-- CreateEnum
CREATE TYPE "AccessPackageRecipient" AS ENUM ('consumer', 'agent');

-- CreateTable
CREATE TABLE "access_packages" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "recipient" "AccessPackageRecipient" NOT NULL,
    "sealed" BYTEA,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "download_limit" INTEGER NOT NULL,
    "download_count" INTEGER NOT NULL DEFAULT 0,
    "link_token_hash" TEXT,
    "code_hash" TEXT,
    "code_expires_at" TIMESTAMPTZ(3),
    "code_attempts" INTEGER NOT NULL DEFAULT 0,
    "code_requested_at" TIMESTAMPTZ(3),
    "purged_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_packages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deleted_identities" (
    "id" UUID NOT NULL,
    "system_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "identity_hash" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "deleted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deleted_identities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "access_packages_request_id_key" ON "access_packages"("request_id");

-- CreateIndex
CREATE UNIQUE INDEX "access_packages_link_token_hash_key" ON "access_packages"("link_token_hash");

-- CreateIndex
CREATE INDEX "access_packages_expires_at_idx" ON "access_packages"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "deleted_identities_system_key_kind_identity_hash_key" ON "deleted_identities"("system_key", "kind", "identity_hash");

-- Hand-written: rules Prisma does not express.
ALTER TABLE "access_packages"
  ADD CONSTRAINT "access_packages_downloads_within_limit" CHECK ("download_count" BETWEEN 0 AND "download_limit"),
  ADD CONSTRAINT "access_packages_purged_when_empty" CHECK (("sealed" IS NULL) = ("purged_at" IS NOT NULL));

ALTER TABLE "deleted_identities"
  ADD CONSTRAINT "deleted_identities_kind" CHECK ("kind" IN ('email', 'phone', 'account_number'));
