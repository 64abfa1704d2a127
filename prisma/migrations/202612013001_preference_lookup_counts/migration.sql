-- CreateTable
CREATE TABLE "preference_lookup_counts" (
    "token_id" UUID NOT NULL,
    "hour_start" TIMESTAMPTZ(3) NOT NULL,
    "lookups" INTEGER NOT NULL,

    CONSTRAINT "preference_lookup_counts_pkey" PRIMARY KEY ("token_id","hour_start")
);

-- CreateIndex
CREATE INDEX "preference_lookup_counts_hour_start_idx" ON "preference_lookup_counts"("hour_start");
