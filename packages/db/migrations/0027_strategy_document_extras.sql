-- What the council document needs beyond the strategy itself: the meeting it is put to (printed as the
-- Beschlussvorschlag) and the municipality's coat of arms or logo for the cover, stored as a PNG.
ALTER TABLE "strategies" ADD COLUMN "resolution_body" text;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "resolution_meeting_on" date;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "resolution_agenda_item" text;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "logo_png" "bytea";--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_logo_size_check" CHECK (octet_length("strategies"."logo_png") <= 524288);
--> statement-breakpoint
-- The story of a workshop in the strategy PDF names its moderators. Program-office users are not
-- visible in a municipality's scope, so a version made by the municipality reads the names through
-- this function: only of a workshop the caller can see (read under the caller's scope), only the
-- moderators assigned to it, only their names. Reads: workshops (caller's scope), users (platform).
CREATE FUNCTION app_workshop_moderator_names(p_workshop_id uuid)
RETURNS TABLE (moderator_id uuid, name text) LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  caller_scope text := current_setting('app.scope', true);
  ids uuid[];
BEGIN
  SELECT w.moderator_ids INTO ids FROM workshops w WHERE w.id = p_workshop_id;
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM set_config('app.scope', 'platform', true);
  RETURN QUERY
    SELECT u.id, u.name FROM users u
    WHERE u.id = ANY (ids) AND u.deleted_at IS NULL AND u.role IN ('moderator', 'program_admin');
  PERFORM set_config('app.scope', coalesce(caller_scope, ''), true);
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_workshop_moderator_names(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_workshop_moderator_names(uuid) TO werkstatt_app;--> statement-breakpoint
GRANT SELECT ON workshops TO werkstatt_definer;--> statement-breakpoint
-- users is readable by werkstatt_definer since 0022.
GRANT CREATE ON SCHEMA public TO werkstatt_definer;--> statement-breakpoint
ALTER FUNCTION app_workshop_moderator_names(uuid) OWNER TO werkstatt_definer;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM werkstatt_definer;
