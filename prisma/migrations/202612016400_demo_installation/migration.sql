-- CreateTable
CREATE TABLE "demo_installations" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seeded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "demo_installations_pkey" PRIMARY KEY ("id")
);

-- One installation of the demo at most.
ALTER TABLE "demo_installations" ADD CONSTRAINT "demo_installations_single_row" CHECK ("id" = 1);
