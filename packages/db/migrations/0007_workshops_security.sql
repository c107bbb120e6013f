-- Workshops and registrations: row-level security, updated_at triggers and grants for the tables of
-- 0004_workshops, in the shape of 0001_security.sql.
--
-- A workshop is shared by up to a few municipalities. workshops.municipality_id is the host and
-- workshops.municipality_ids every participating municipality (host included): a tenant sees, and
-- may lock for its registrations, exactly the workshops it takes part in. The rows of a
-- municipality's part (workshop_municipalities) and its participants (registrations) are
-- tenant-owned like every other table: one municipality never sees another's participants.

CREATE TRIGGER workshops_updated_at BEFORE UPDATE ON workshops FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER workshop_municipalities_updated_at BEFORE UPDATE ON workshop_municipalities FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER registrations_updated_at BEFORE UPDATE ON registrations FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE, DELETE ON workshops, workshop_municipalities, registrations TO werkstatt_app;

ALTER TABLE workshops ENABLE ROW LEVEL SECURITY;
ALTER TABLE workshops FORCE ROW LEVEL SECURITY;
CREATE POLICY workshops_tenant ON workshops FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND (municipality_id = app_municipality_id() OR app_municipality_id() = ANY (municipality_ids))))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND (municipality_id = app_municipality_id() OR app_municipality_id() = ANY (municipality_ids))));

ALTER TABLE workshop_municipalities ENABLE ROW LEVEL SECURITY;
ALTER TABLE workshop_municipalities FORCE ROW LEVEL SECURITY;
CREATE POLICY workshop_municipalities_tenant ON workshop_municipalities FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

ALTER TABLE registrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE registrations FORCE ROW LEVEL SECURITY;
CREATE POLICY registrations_tenant ON registrations FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));
