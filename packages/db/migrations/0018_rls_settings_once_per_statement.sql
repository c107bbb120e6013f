-- Every RLS policy reads the scope through app_scope() and app_municipality_id(). Called directly,
-- the (inlined) functions run current_setting for every row a statement looks at, on every table it
-- touches. The 50-row measures page (with its overdue sub-select into measure_steps) took 0.73 ms
-- per transaction in pgbench, one client; 0.62 ms with the calls wrapped in a sub-select, where each
-- becomes an InitPlan, read once per statement. The settings are still read when the statement
-- runs, never when it is planned, so a prepared plan reused by the next tenant still filters by
-- that tenant (test/prepared.test.ts); catalog.test.ts keeps every later policy in this form.
--
-- Rewritten in place from the stored expressions, so each policy keeps its exact condition; the
-- lookbehind leaves a call that is already wrapped alone.
DO $$
DECLARE
  p record;
  wrap constant text := '(?<!SELECT )\m(app_scope|app_municipality_id)\(\)';
  using_expr text;
  check_expr text;
BEGIN
  FOR p IN
    SELECT pol.polname, c.relname,
      pg_get_expr(pol.polqual, pol.polrelid) AS qual,
      pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check
    FROM pg_policy pol
    JOIN pg_class c ON c.oid = pol.polrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public'
  LOOP
    using_expr := regexp_replace(p.qual, wrap, '(SELECT \1())', 'g');
    check_expr := regexp_replace(p.with_check, wrap, '(SELECT \1())', 'g');
    IF using_expr IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %I USING (%s)', p.polname, p.relname, using_expr);
    END IF;
    IF check_expr IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %I WITH CHECK (%s)', p.polname, p.relname, check_expr);
    END IF;
  END LOOP;
END
$$;
