-- The API resolves a bearer token or API key once and keeps the result for up to a minute; every
-- transaction of a request then re-checks those credentials in its first statement (scopedDatabase).
-- So a revoked or expired key, a disabled or deleted user, or a changed role or municipality is
-- refused at once, on every API instance, without a look-up transaction per request.
--
-- SECURITY DEFINER because the caller's scope may not see the row (a tenant does not see program
-- office users, the 'public' scope sees no users or keys): it switches to the platform scope for its
-- one primary-key read and restores the caller's settings, whatever order the statement sets them in.
-- It only answers or raises; it returns nothing of the row.
CREATE FUNCTION app_check_principal(
  principal_kind text,
  principal_id uuid,
  principal_role text,
  principal_municipality_id uuid
) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  caller_scope text := current_setting('app.scope', true);
  still_valid boolean;
BEGIN
  PERFORM set_config('app.scope', 'platform', true);
  IF principal_kind = 'api_key' THEN
    SELECT true INTO still_valid FROM api_keys k
    WHERE k.id = principal_id
      AND k.revoked_at IS NULL
      AND (k.expires_at IS NULL OR k.expires_at > now())
      AND k.municipality_id IS NOT DISTINCT FROM principal_municipality_id;
  ELSIF principal_kind = 'user' THEN
    SELECT true INTO still_valid FROM users u
    WHERE u.id = principal_id
      AND NOT u.disabled
      AND u.deleted_at IS NULL
      AND u.role::text = principal_role
      AND u.municipality_id IS NOT DISTINCT FROM principal_municipality_id;
  END IF;
  PERFORM set_config('app.scope', coalesce(caller_scope, ''), true);
  IF still_valid IS NOT TRUE THEN
    -- 28000 invalid_authorization_specification: the API answers 401 and forgets the credentials.
    RAISE EXCEPTION 'the credentials are no longer valid' USING ERRCODE = '28000';
  END IF;
  RETURN true;
END $$;

REVOKE ALL ON FUNCTION app_check_principal(text, uuid, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_check_principal(text, uuid, text, uuid) TO werkstatt_app;
