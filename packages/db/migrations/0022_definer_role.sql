-- The SECURITY DEFINER functions run as their owner. Owned by the migrating role (a superuser on most
-- setups) they bypassed row-level security: app_representation_tag answered any municipality's
-- revision in the 'public' scope. From here on they belong to werkstatt_definer: it cannot log in, is
-- no superuser, has no BYPASSRLS and owns no table, so FORCE ROW LEVEL SECURITY binds it to the
-- caller's scope, and it holds exactly the privileges the functions need.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'werkstatt_definer') THEN
    CREATE ROLE werkstatt_definer NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;

-- What the functions read and write:
-- - app_check_principal: users, api_keys, refresh_tokens and municipalities (platform scope, set by
--   the function itself for its primary-key reads);
-- - app_bump_representation_revision and app_representation_tag: representation_revisions.
GRANT USAGE ON SCHEMA public TO werkstatt_definer;
GRANT SELECT ON users, api_keys, refresh_tokens, municipalities TO werkstatt_definer;
GRANT SELECT, INSERT, UPDATE ON representation_revisions TO werkstatt_definer;

-- A writer without a scope bypasses RLS itself (the owner: migrations, demo data, fixtures), so the
-- revision bump that follows its write runs in the platform scope. Every other write carries the
-- scope that RLS already checked it against, and the bump stays bound to it.
CREATE OR REPLACE FUNCTION app_bump_representation_revision() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  caller_scope text := nullif(current_setting('app.scope', true), '');
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
  IF caller_scope IS NULL THEN
    PERFORM set_config('app.scope', 'platform', true);
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
  IF caller_scope IS NULL THEN
    PERFORM set_config('app.scope', '', true);
  END IF;
  RETURN NULL;
END
$$;

-- Every SECURITY DEFINER function of the schema, also those an earlier migration replaced. Changing
-- an owner needs CREATE on the schema for the new owner; it is taken back right after.
GRANT CREATE ON SCHEMA public TO werkstatt_definer;
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.prosecdef
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO werkstatt_definer', f);
  END LOOP;
END
$$;
REVOKE CREATE ON SCHEMA public FROM werkstatt_definer;
