CREATE INDEX "refresh_tokens_revoked_family_idx" ON "refresh_tokens" USING btree ("family_id") WHERE "refresh_tokens"."revoked_at" is not null;--> statement-breakpoint
-- Sessions that end at once. An access token carries its session (`sid`: the family id of the
-- refresh tokens of one sign-in), and the principal check of every transaction now also asks:
-- - is the session still open? It exists for this user, and no token of its family was revoked
--   (logout, reuse of a rotated refresh token, and disabling, deleting, demoting or moving the user
--   revoke the family). "No token revoked" rather than "the newest token not revoked": a refresh
--   racing a revocation may insert a token the revoking UPDATE did not see, and the session must
--   stay ended all the same.
-- - is the municipality of the user or key still there? A soft-deleted municipality ends the use of
--   its users' tokens and its API keys.
-- The four-argument function goes: every caller now passes the session.
--
-- Reads: users, api_keys, refresh_tokens, municipalities (each by primary key or index).
DROP FUNCTION app_check_principal(text, uuid, text, uuid);--> statement-breakpoint
CREATE FUNCTION app_check_principal(
  principal_kind text,
  principal_id uuid,
  principal_role text,
  principal_municipality_id uuid,
  principal_session_id uuid
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
      AND u.municipality_id IS NOT DISTINCT FROM principal_municipality_id
      AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = principal_session_id AND r.user_id = u.id)
      AND NOT EXISTS (
        SELECT 1 FROM refresh_tokens r WHERE r.family_id = principal_session_id AND r.revoked_at IS NOT NULL
      );
  END IF;
  IF still_valid AND principal_municipality_id IS NOT NULL THEN
    SELECT true INTO still_valid FROM municipalities m
    WHERE m.id = principal_municipality_id AND m.deleted_at IS NULL;
  END IF;
  PERFORM set_config('app.scope', coalesce(caller_scope, ''), true);
  IF still_valid IS NOT TRUE THEN
    -- 28000 invalid_authorization_specification: the API answers 401 and forgets the credentials.
    RAISE EXCEPTION 'the credentials are no longer valid' USING ERRCODE = '28000';
  END IF;
  RETURN true;
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_check_principal(text, uuid, text, uuid, uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_check_principal(text, uuid, text, uuid, uuid) TO werkstatt_app;
