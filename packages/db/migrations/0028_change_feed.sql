-- The public change feeds: a position in commit order for everything public (measures and strategies a
-- municipality published, workshops the program office scheduled), so a portal can mirror them exactly.
--
-- updated_at cannot order a feed: it is taken when a row is written, but the row becomes visible
-- when its transaction commits, so a transaction that started earlier can commit later with an older
-- time, behind a reader that has already moved past it. Here every change records the id of its
-- transaction (xid8, which never wraps), and a feed hands out only positions below the horizon
-- pg_snapshot_xmin(pg_current_snapshot()): every transaction with a smaller id has finished, so no
-- position below the horizon can still appear. A transaction open for long holds the feed back (it
-- stays exact, just later); nothing is ever skipped.
--
-- public_changes holds one row per public item: its kind, id, municipality and the position of its
-- last change. Items that stop being public (a measure deleted, a strategy made private, a
-- municipality deleted, a workshop back to draft) keep their row with a new position and read as
-- tombstones, since the feed joins the item under the 'public' RLS scope. Items that were never
-- public get no row, so the feed reveals nothing about them.
CREATE TABLE "public_changes" (
	"kind" text NOT NULL CHECK ("kind" IN ('measure', 'strategy', 'workshop')),
	"entity_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"position" xid8 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	PRIMARY KEY ("kind", "entity_id")
);
CREATE INDEX "public_changes_feed_idx" ON "public_changes" ("kind", "position", "entity_id");

-- The feeds read it in the 'public' scope (and the program office in 'platform'); only the trigger
-- functions below write it, as werkstatt_definer within the writer's scope.
GRANT SELECT ON public_changes TO werkstatt_app;
GRANT SELECT, INSERT, UPDATE ON public_changes TO werkstatt_definer;
GRANT SELECT ON strategies, measures, workshops TO werkstatt_definer;
ALTER TABLE public_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY public_changes_read ON public_changes FOR SELECT
  USING ((SELECT app_scope()) IN ('platform', 'public'));
-- Written only by app_record_public_change, in the platform scope: it records a change of a row the
-- caller was just allowed to write, whichever municipality hosts it (a registration of a guest
-- municipality changes its host's workshop).
CREATE POLICY public_changes_write ON public_changes FOR ALL
  USING ((SELECT app_scope()) = 'platform') WITH CHECK ((SELECT app_scope()) = 'platform');

-- Workshops the program office scheduled (published, held or cancelled, never drafts) are public:
-- the 'public' scope may read them. The feed selects only their public columns.
CREATE POLICY workshops_public_read ON workshops FOR SELECT
  USING ((SELECT app_scope()) = 'public' AND status <> 'draft');

-- Records a change of public items at the current transaction's position.
CREATE FUNCTION app_record_public_change(p_kind text, p_ids uuid[], p_municipality_id uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  caller_scope text := nullif(current_setting('app.scope', true), '');
BEGIN
  PERFORM set_config('app.scope', 'platform', true);
  INSERT INTO public_changes AS c (kind, entity_id, municipality_id, position)
    SELECT p_kind, unnest(p_ids), p_municipality_id, pg_current_xact_id()
    ON CONFLICT (kind, entity_id) DO UPDATE
      SET position = excluded.position, municipality_id = excluded.municipality_id, changed_at = clock_timestamp();
  PERFORM set_config('app.scope', coalesce(caller_scope, ''), true);
END
$$;

CREATE FUNCTION app_strategy_is_public(p_municipality_id uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM strategies WHERE municipality_id = p_municipality_id AND visibility = 'public')
$$;

-- The triggers below read in the writer's scope. A writer without a scope is the owner (migrations,
-- demo data, fixtures), which RLS does not bind, while the definer it runs as is bound: such a write
-- is read in the platform scope, and the empty scope restored afterwards.
CREATE FUNCTION app_enter_owner_scope() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF nullif(current_setting('app.scope', true), '') IS NOT NULL THEN RETURN false; END IF;
  PERFORM set_config('app.scope', 'platform', true);
  RETURN true;
END
$$;
CREATE FUNCTION app_leave_owner_scope(entered boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF entered THEN PERFORM set_config('app.scope', '', true); END IF;
END
$$;

-- A measure changes: recorded while its strategy is public (a deletion then reads as a tombstone).
CREATE FUNCTION app_measure_public_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  owner_write boolean := app_enter_owner_scope();
BEGIN
  IF app_strategy_is_public(NEW.municipality_id) THEN
    PERFORM app_record_public_change('measure', ARRAY[NEW.id], NEW.municipality_id);
  END IF;
  PERFORM app_leave_owner_scope(owner_write);
  RETURN NULL;
END
$$;
CREATE TRIGGER measures_public_change AFTER INSERT OR UPDATE ON measures
  FOR EACH ROW EXECUTE FUNCTION app_measure_public_change();

-- A strategy changes: recorded while public or when it stops being public. A change of visibility
-- also moves every live measure, which appear (made public) or become tombstones (made private).
CREATE FUNCTION app_strategy_public_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  owner_write boolean := app_enter_owner_scope();
  was_public boolean := TG_OP = 'UPDATE' AND OLD.visibility = 'public';
BEGIN
  IF NEW.visibility = 'public' OR was_public THEN
    PERFORM app_record_public_change('strategy', ARRAY[NEW.id], NEW.municipality_id);
  END IF;
  IF (NEW.visibility = 'public') <> was_public THEN
    PERFORM app_record_public_change('measure',
      ARRAY(SELECT id FROM measures WHERE municipality_id = NEW.municipality_id AND deleted_at IS NULL),
      NEW.municipality_id);
  END IF;
  PERFORM app_leave_owner_scope(owner_write);
  RETURN NULL;
END
$$;
CREATE TRIGGER strategies_public_change AFTER INSERT OR UPDATE ON strategies
  FOR EACH ROW EXECUTE FUNCTION app_strategy_public_change();

-- The chosen fields and their goals are part of a public strategy.
CREATE FUNCTION app_strategy_field_public_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  owner_write boolean := app_enter_owner_scope();
  target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.municipality_id ELSE NEW.municipality_id END;
BEGIN
  -- Replacing the fields touches each row; one record per municipality and statement is enough.
  IF app_strategy_is_public(target) THEN
    PERFORM app_record_public_change('strategy',
      ARRAY(SELECT id FROM strategies WHERE municipality_id = target), target);
  END IF;
  PERFORM app_leave_owner_scope(owner_write);
  RETURN NULL;
END
$$;
CREATE TRIGGER strategy_fields_public_change AFTER INSERT OR UPDATE OR DELETE ON strategy_fields
  FOR EACH ROW EXECUTE FUNCTION app_strategy_field_public_change();

-- A workshop changes: recorded once it is more than a draft (and when it goes back to one). Only
-- the public columns count: a registration changes the seat counters under the workshop's lock,
-- and recording there would lengthen every registration's turn at the lock.
CREATE FUNCTION app_workshop_public_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  owner_write boolean := app_enter_owner_scope();
BEGIN
  IF NEW.status <> 'draft' OR (TG_OP = 'UPDATE' AND OLD.status <> 'draft') THEN
    PERFORM app_record_public_change('workshop', ARRAY[NEW.id], NEW.municipality_id);
  END IF;
  PERFORM app_leave_owner_scope(owner_write);
  RETURN NULL;
END
$$;
CREATE TRIGGER workshops_public_change AFTER INSERT OR UPDATE OF program_id, municipality_id,
  municipality_ids, title, format, starts_at, ends_at, days, venue_name, venue_street, venue_postal_code,
  venue_city, capacity, status, registration_opens_at, registration_closes_at, cancellation_reason ON workshops
  FOR EACH ROW EXECUTE FUNCTION app_workshop_public_change();

-- A municipality deleted: everything public of it becomes a tombstone.
CREATE FUNCTION app_municipality_public_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  owner_write boolean := app_enter_owner_scope();
BEGIN
  IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
    IF app_strategy_is_public(NEW.id) THEN
      PERFORM app_record_public_change('strategy', ARRAY(SELECT id FROM strategies WHERE municipality_id = NEW.id), NEW.id);
      PERFORM app_record_public_change('measure',
        ARRAY(SELECT id FROM measures WHERE municipality_id = NEW.id AND deleted_at IS NULL), NEW.id);
    END IF;
    PERFORM app_record_public_change('workshop',
      ARRAY(SELECT id FROM workshops WHERE municipality_id = NEW.id AND status <> 'draft'), NEW.id);
  END IF;
  PERFORM app_leave_owner_scope(owner_write);
  RETURN NULL;
END
$$;
CREATE TRIGGER municipalities_public_change AFTER UPDATE OF deleted_at ON municipalities
  FOR EACH ROW EXECUTE FUNCTION app_municipality_public_change();

-- Changing an owner needs CREATE on the schema for the new owner; it is taken back right after.
GRANT CREATE ON SCHEMA public TO werkstatt_definer;
ALTER FUNCTION app_record_public_change(text, uuid[], uuid) OWNER TO werkstatt_definer;
ALTER FUNCTION app_measure_public_change() OWNER TO werkstatt_definer;
ALTER FUNCTION app_strategy_public_change() OWNER TO werkstatt_definer;
ALTER FUNCTION app_strategy_field_public_change() OWNER TO werkstatt_definer;
ALTER FUNCTION app_workshop_public_change() OWNER TO werkstatt_definer;
ALTER FUNCTION app_municipality_public_change() OWNER TO werkstatt_definer;
REVOKE CREATE ON SCHEMA public FROM werkstatt_definer;

-- What is public already gets its first position.
SELECT app_record_public_change('strategy', ARRAY(SELECT id FROM strategies WHERE municipality_id = s.municipality_id), s.municipality_id)
  FROM strategies s WHERE s.visibility = 'public';
SELECT app_record_public_change('measure', ARRAY(SELECT id FROM measures m WHERE m.municipality_id = s.municipality_id AND m.deleted_at IS NULL), s.municipality_id)
  FROM strategies s WHERE s.visibility = 'public';
SELECT app_record_public_change('workshop', ARRAY[w.id], w.municipality_id) FROM workshops w WHERE w.status <> 'draft';
