-- CreateIndex
CREATE INDEX "privacy_requests_assignee_id_status_respond_by_id_idx" ON "privacy_requests"("assignee_id", "status", "respond_by", "id");

-- CreateIndex
CREATE INDEX "privacy_requests_status_type_respond_by_id_idx" ON "privacy_requests"("status", "type", "respond_by", "id");
