-- Erasure of users (DSGVO). The API now names users in the audit trail by id only and erases a
-- deleted user's row; this brings what was written before in line, once.
--
-- Audit events: no actor label for users (the audit log reads the current label from the user's
-- row), and no name or e-mail address in the before/after copies of users.
UPDATE audit_events SET actor_label = NULL WHERE actor_type = 'user' AND actor_label IS NOT NULL;--> statement-breakpoint
UPDATE audit_events
SET before = CASE WHEN jsonb_typeof(before) = 'object' THEN before - 'email' - 'name' ELSE before END,
    after = CASE WHEN jsonb_typeof(after) = 'object' THEN after - 'email' - 'name' ELSE after END
WHERE entity_type = 'user';--> statement-breakpoint
-- Users deleted before: erased with the values of erasedUser in src/privacy.ts.
UPDATE users
SET email = 'geloescht-' || id || '@anonymisiert.invalid',
    name = 'gelöschter Benutzer',
    password_hash = '!erased',
    disabled = true
WHERE deleted_at IS NOT NULL AND password_hash <> '!erased';--> statement-breakpoint
DELETE FROM refresh_tokens WHERE user_id IN (SELECT id FROM users WHERE deleted_at IS NOT NULL);--> statement-breakpoint
-- Stored Idempotency-Key responses of or about deleted users (their own requests, and the creating
-- request's response, which is the user with name and address).
DELETE FROM idempotency_keys k
USING users u
WHERE u.deleted_at IS NOT NULL
  AND (k.actor_key = 'user:' || u.id OR k.response_headers ->> 'location' = '/v1/users/' || u.id);
--> statement-breakpoint
-- A deleted municipality is out of use. A request to one of its routes (/v1/municipalities/:id/…)
-- names it in the first statement of each of its transactions (scopedDatabase), after the scope and
-- the principal check, and this raises there: nothing of it is read or written any more, and the API
-- answers 404. With the caller's rights, so another tenant's municipality is not in use for it either.
CREATE FUNCTION app_check_municipality_in_use(municipality uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM municipalities WHERE id = municipality AND deleted_at IS NULL) THEN
    -- WK404: the API's own SQLSTATE for "this municipality is deleted or not visible".
    RAISE EXCEPTION 'the municipality is not in use' USING ERRCODE = 'WK404';
  END IF;
  RETURN true;
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_check_municipality_in_use(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_check_municipality_in_use(uuid) TO werkstatt_app;
