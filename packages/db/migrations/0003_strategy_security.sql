-- Strategy and roadmap: row-level security, updated_at triggers and grants for the tables of
-- 0002_strategy, in the shape of 0001_security.sql. Every table is tenant-owned.

CREATE TRIGGER strategies_updated_at BEFORE UPDATE ON strategies FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER strategy_fields_updated_at BEFORE UPDATE ON strategy_fields FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER ideas_updated_at BEFORE UPDATE ON ideas FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER measures_updated_at BEFORE UPDATE ON measures FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER measure_steps_updated_at BEFORE UPDATE ON measure_steps FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The default privileges of 0001 already cover these tables; granting explicitly keeps this file
-- correct on its own, e.g. when the tables were created by a role those defaults do not apply to.
GRANT SELECT, INSERT, UPDATE, DELETE ON strategies, strategy_fields, ideas, measures, measure_steps, strategy_versions TO werkstatt_app;
-- A Fassung is frozen: the application may add versions but never change or remove one.
REVOKE UPDATE, DELETE ON strategy_versions FROM werkstatt_app;

ALTER TABLE strategies ENABLE ROW LEVEL SECURITY;
ALTER TABLE strategies FORCE ROW LEVEL SECURITY;
CREATE POLICY strategies_tenant ON strategies FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

ALTER TABLE strategy_fields ENABLE ROW LEVEL SECURITY;
ALTER TABLE strategy_fields FORCE ROW LEVEL SECURITY;
CREATE POLICY strategy_fields_tenant ON strategy_fields FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

ALTER TABLE ideas ENABLE ROW LEVEL SECURITY;
ALTER TABLE ideas FORCE ROW LEVEL SECURITY;
CREATE POLICY ideas_tenant ON ideas FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

ALTER TABLE measures ENABLE ROW LEVEL SECURITY;
ALTER TABLE measures FORCE ROW LEVEL SECURITY;
CREATE POLICY measures_tenant ON measures FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

ALTER TABLE measure_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE measure_steps FORCE ROW LEVEL SECURITY;
CREATE POLICY measure_steps_tenant ON measure_steps FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

ALTER TABLE strategy_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE strategy_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY strategy_versions_tenant ON strategy_versions FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));
