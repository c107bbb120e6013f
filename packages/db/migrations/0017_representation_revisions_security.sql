-- Revisions of the data behind cached representations (the API's representation cache).
--
-- Every committed change to a municipality's strategy data (strategy, chosen fields, measures, steps)
-- or to the municipality itself bumps that municipality's revision; a change to the catalog of action
-- fields bumps the revision kept under the nil UUID. app_representation_tag combines both with the
-- date in Germany (the overdue flags change with it): the API serves a stored response only while
-- the tag it was built at is still the current one, so a change made on any instance, by the worker
-- or directly in the database is seen by the next request.

-- Only the two SECURITY DEFINER functions below reach the counters; the application role has no
-- privileges on them. The functions run as the owner, which RLS still binds (FORCE) unless it is a
-- superuser: a tenant's transaction bumps and reads its own municipality's row (and reads the
-- catalog's), the platform scope any.
REVOKE ALL ON representation_revisions FROM werkstatt_app;
ALTER TABLE representation_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE representation_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY representation_revisions_tenant ON representation_revisions FOR ALL
  USING (app_scope() = 'platform' OR (app_scope() = 'tenant' AND (municipality_id = app_municipality_id()
    OR municipality_id = '00000000-0000-0000-0000-000000000000')))
  WITH CHECK (app_scope() = 'platform' OR (app_scope() = 'tenant' AND municipality_id = app_municipality_id()));

-- Deferred to COMMIT: the revision row is locked only at the very end of a transaction, after every
-- other lock it takes, so two writers of one municipality queue there instead of deadlocking, and
-- the new revision becomes visible together with the change. TG_ARGV[0] names where the
-- municipality is: 'municipality_id', the row itself ('self'), or nowhere ('catalog').
CREATE FUNCTION app_bump_representation_revision() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  old_target uuid;
  new_target uuid;
  target uuid;
BEGIN
  IF TG_ARGV[0] = 'catalog' THEN
    new_target := '00000000-0000-0000-0000-000000000000';
  ELSIF TG_ARGV[0] = 'self' THEN
    IF TG_OP <> 'INSERT' THEN old_target := OLD.id; END IF;
    IF TG_OP <> 'DELETE' THEN new_target := NEW.id; END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN old_target := OLD.municipality_id; END IF;
    IF TG_OP <> 'DELETE' THEN new_target := NEW.municipality_id; END IF;
  END IF;
  FOREACH target IN ARRAY ARRAY[old_target, new_target] LOOP
    -- A transaction changing many rows of one municipality bumps it once: the last target bumped is
    -- remembered for the rest of the transaction (one value, so the check costs the same for any
    -- number of rows; rows of alternating municipalities just bump more often).
    CONTINUE WHEN target IS NULL
      OR target::text = current_setting('app.last_bumped_revision', true);
    INSERT INTO representation_revisions AS r (municipality_id, revision) VALUES (target, 1)
      ON CONFLICT (municipality_id) DO UPDATE SET revision = r.revision + 1;
    PERFORM set_config('app.last_bumped_revision', target::text, true);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER municipalities_representation_revision
  AFTER INSERT OR UPDATE OR DELETE ON municipalities DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION app_bump_representation_revision('self');
CREATE CONSTRAINT TRIGGER strategies_representation_revision
  AFTER INSERT OR UPDATE OR DELETE ON strategies DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION app_bump_representation_revision('municipality_id');
CREATE CONSTRAINT TRIGGER strategy_fields_representation_revision
  AFTER INSERT OR UPDATE OR DELETE ON strategy_fields DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION app_bump_representation_revision('municipality_id');
CREATE CONSTRAINT TRIGGER measures_representation_revision
  AFTER INSERT OR UPDATE OR DELETE ON measures DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION app_bump_representation_revision('municipality_id');
CREATE CONSTRAINT TRIGGER measure_steps_representation_revision
  AFTER INSERT OR UPDATE OR DELETE ON measure_steps DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION app_bump_representation_revision('municipality_id');
CREATE CONSTRAINT TRIGGER action_fields_representation_revision
  AFTER INSERT OR UPDATE OR DELETE ON action_fields DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION app_bump_representation_revision('catalog');

-- The tag of a municipality's representations: its revision plus the catalog's (both only grow, so
-- the sum changes whenever either does) and today's date in Germany. Read in a request's first
-- statement, before any data: what the request then reads is at least as new as the tag. PL/pgSQL
-- because it keeps its query's plan for the session; a SQL function that cannot be inlined (SECURITY
-- DEFINER) plans it again in every statement, which cost more than the rest of the statement.
CREATE FUNCTION app_representation_tag(municipality uuid) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  revisions bigint;
BEGIN
  SELECT coalesce(sum(revision), 0) INTO revisions FROM representation_revisions
  WHERE municipality_id IN (municipality, '00000000-0000-0000-0000-000000000000');
  RETURN revisions::text || '@' || ((now() AT TIME ZONE 'Europe/Berlin')::date)::text;
END
$$;

REVOKE ALL ON FUNCTION app_representation_tag(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_representation_tag(uuid) TO werkstatt_app;
-- Triggers run it whoever writes; nobody calls it directly.
REVOKE ALL ON FUNCTION app_bump_representation_revision() FROM PUBLIC;
