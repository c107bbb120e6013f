-- A municipality's calendar feed belongs to the municipality, not to whoever created or last rotated
-- it: colleagues subscribe to it, and it must outlive that user. Who rotated it is in the audit log.
ALTER TABLE "calendar_feeds" DROP COLUMN "created_by";
--> statement-breakpoint

-- A strategy its municipality made public (visibility 'public') is readable in the 'public' scope
-- with its chosen fields, goals, measures and steps (0005 opened the strategy and its live measures).
-- Read-only, like those two: no write policy matches the 'public' scope. Ideas and versions stay
-- invisible there. The sub-selects are themselves filtered by the public policies of 0005.
CREATE POLICY strategy_fields_public_read ON strategy_fields FOR SELECT
  USING ((SELECT app_scope()) = 'public' AND EXISTS (
    SELECT 1 FROM strategies s
    WHERE s.id = strategy_fields.strategy_id AND s.municipality_id = strategy_fields.municipality_id
      AND s.visibility = 'public'));
--> statement-breakpoint
CREATE POLICY measure_steps_public_read ON measure_steps FOR SELECT
  USING ((SELECT app_scope()) = 'public' AND EXISTS (
    SELECT 1 FROM measures m JOIN strategies s ON s.municipality_id = m.municipality_id
    WHERE m.id = measure_steps.measure_id AND m.municipality_id = measure_steps.municipality_id
      AND m.deleted_at IS NULL AND s.visibility = 'public'));
