-- Peer finder and review reminders: row-level security for what 0004 added.
--
-- The peer finder reads measures of OTHER municipalities — a cross-tenant read. It is not done with a
-- privileged (SECURITY DEFINER) function but with a narrow read-only policy for the existing 'public'
-- scope: a transaction in that scope sees a strategy only when its municipality made it public, and a
-- measure only while it is live and its municipality's strategy is public. The API runs every peer
-- query in the 'public' scope whoever asks, so a forgotten WHERE there can reach nothing but data a
-- municipality chose to publish. Tenant and platform scopes are unchanged; nothing is writable in the
-- 'public' scope (FOR SELECT only, and no write policy matches it). Steps, ideas, chosen fields and
-- versions stay invisible in the 'public' scope.
CREATE POLICY strategies_public_read ON strategies FOR SELECT
  USING (app_scope() = 'public' AND visibility = 'public');

-- The sub-select is itself filtered by strategies_public_read, so both conditions hold twice.
CREATE POLICY measures_public_read ON measures FOR SELECT
  USING (app_scope() = 'public' AND deleted_at IS NULL AND EXISTS (
    SELECT 1 FROM strategies s WHERE s.municipality_id = measures.municipality_id AND s.visibility = 'public'));

-- Review reminders: tenant-owned like every strategy table (written by the worker in platform scope).
GRANT SELECT, INSERT, UPDATE, DELETE ON review_reminders TO werkstatt_app;
ALTER TABLE review_reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_reminders FORCE ROW LEVEL SECURITY;
CREATE POLICY review_reminders_tenant ON review_reminders FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));
