-- Documents: row-level security, updated_at trigger and grants for the tables of 0004_documents, in
-- the shape of 0001_security.sql. Both tables are tenant-owned.

CREATE TRIGGER documents_updated_at BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- PDF streams are compressed already; storing them out of line uncompressed saves a useless pass.
ALTER TABLE document_contents ALTER COLUMN content SET STORAGE EXTERNAL;

-- The default privileges of 0001 already cover these tables; granting explicitly keeps this file
-- correct on its own, e.g. when the tables were created by a role those defaults do not apply to.
GRANT SELECT, INSERT, UPDATE, DELETE ON documents, document_contents TO werkstatt_app;

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_tenant ON documents FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

ALTER TABLE document_contents ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_contents FORCE ROW LEVEL SECURITY;
CREATE POLICY document_contents_tenant ON document_contents FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));
