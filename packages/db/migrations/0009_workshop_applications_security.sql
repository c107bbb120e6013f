-- Workshop applications and calendar feeds: row-level security, updated_at triggers and grants for
-- the tables of 0008_workshop_applications, in the shape of 0001_security.sql.
--
-- An application belongs to the applying municipality alone (the partners it names do not see it).
-- A calendar feed row holds only the hash of the secret; the public feed route looks the hash up in
-- the platform scope and then reads the workshops in the tenant scope of the feed's municipality.

CREATE TRIGGER workshop_applications_updated_at BEFORE UPDATE ON workshop_applications FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER calendar_feeds_updated_at BEFORE UPDATE ON calendar_feeds FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE ON workshop_applications TO werkstatt_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_feeds TO werkstatt_app;

ALTER TABLE workshop_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE workshop_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY workshop_applications_tenant ON workshop_applications FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_feeds FORCE ROW LEVEL SECURITY;
CREATE POLICY calendar_feeds_tenant ON calendar_feeds FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));
