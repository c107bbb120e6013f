-- Invitation links and privacy of participants: row-level security, trigger and grants for the table
-- of 0008_invitations, in the shape of 0001_security.sql.
--
-- An invitation belongs to the municipality it invites for: a tenant sees and revokes its own links,
-- the program office all. Public look-ups by the link's secret run in the platform scope of the API.

CREATE TRIGGER workshop_invitations_updated_at BEFORE UPDATE ON workshop_invitations FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE, DELETE ON workshop_invitations TO werkstatt_app;

ALTER TABLE workshop_invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE workshop_invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY workshop_invitations_tenant ON workshop_invitations FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

-- Personal data of participants never goes into the audit trail (the API records registration ids,
-- statuses and positions only), so erasing a registration leaves no copy behind in an append-only
-- table the application cannot update. Events written before that rule are scrubbed here once.
UPDATE audit_events
SET before = CASE WHEN jsonb_typeof(before) = 'object' THEN before - 'firstName' - 'lastName' - 'email' - 'note' ELSE before END,
    after = CASE WHEN jsonb_typeof(after) = 'object' THEN after - 'firstName' - 'lastName' - 'email' - 'note' ELSE after END
WHERE entity_type = 'registration';
