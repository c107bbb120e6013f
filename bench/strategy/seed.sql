-- Scale data for the strategy benchmark, generated set-wise in SQL (no row-by-row inserts):
-- 11,000 municipalities with strategies, 500,000 measures, 300,000 steps.
--   bench-roadmap: 100 measures in 3 fields (the roadmap case);
--   bench-list:    10,000 measures (a list with 200 pages of 50);
--   every other municipality ~45 measures.
-- Ids are UUIDv7-shaped (time prefix), like the application's, so id order is creation order.
CREATE FUNCTION pg_temp.uuid7(ms bigint, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT (lpad(to_hex(ms), 12, '0') || '7' || substr(md5(n::text), 1, 3) || '8'
          || substr(md5(n::text), 4, 15))::uuid
$$;

INSERT INTO programs (id, name, slug, starts_on, eligible_kinds)
VALUES (pg_temp.uuid7(1700000000000, 0), 'Digital-Werkstatt Bench', 'bench', '2020-01-01', '["verbandsgemeinde"]');

INSERT INTO action_fields (id, program_id, key, title, sort_order)
SELECT pg_temp.uuid7(1700000000000 + f, f), (SELECT id FROM programs WHERE slug = 'bench'),
  (ARRAY['digitale-infrastruktur','bildung-und-jugend','kommunale-wirtschaft','tourismus','silberne-gesellschaft',
         'arbeit-und-soziales','kommunale-verwaltung','dorf-und-stadtentwicklung','alltagsleben'])[f],
  (ARRAY['Digitale Infrastruktur','Bildung und Jugend','Kommunale Wirtschaft','Tourismus','Silberne Gesellschaft',
         'Arbeit und Soziales','Kommunale Verwaltung','Dorf- und Stadtentwicklung','Alltagsleben'])[f],
  f * 10
FROM generate_series(1, 9) f;

CREATE TEMP TABLE bench_fields AS
SELECT id, sort_order / 10 AS n FROM action_fields WHERE program_id = (SELECT id FROM programs WHERE slug = 'bench');

INSERT INTO municipalities (id, name, slug, kind, state_code, contact_name, contact_email)
SELECT pg_temp.uuid7(1710000000000 + g, g),
  CASE g WHEN 1 THEN 'Bench Roadmap' WHEN 2 THEN 'Bench Liste' ELSE 'Gemeinde ' || g END,
  CASE g WHEN 1 THEN 'bench-roadmap' WHEN 2 THEN 'bench-list' ELSE 'bench-' || g END,
  'verbandsgemeinde', 'RP', 'Stabsstelle Digitalisierung', 'digital@bench-' || g || '.example'
FROM generate_series(1, 11000) g;

CREATE TEMP TABLE bench_munis AS
SELECT id, row_number() OVER (ORDER BY id) AS n FROM municipalities WHERE slug LIKE 'bench-%';

INSERT INTO strategies (id, municipality_id, program_id, title, status, adopted_on, visibility, next_review_on)
SELECT pg_temp.uuid7(1720000000000 + n, n), id, (SELECT id FROM programs WHERE slug = 'bench'),
  'Digitalstrategie ' || n, CASE WHEN n % 2 = 0 THEN 'adopted' ELSE 'draft' END::strategy_status,
  CASE WHEN n % 2 = 0 THEN date '2025-03-01' END,
  CASE WHEN n % 3 = 0 THEN 'public' ELSE 'private' END::strategy_visibility, date '2027-01-01' + (n % 365)::int
FROM bench_munis;

INSERT INTO strategy_fields (id, municipality_id, strategy_id, action_field_id, priority, goal)
SELECT pg_temp.uuid7(1730000000000 + s.n * 3 + p, s.n * 3 + p), s.municipality_id, s.id,
  (SELECT id FROM bench_fields WHERE n = ((s.n + p) % 9) + 1), p + 1, 'Ziel ' || (p + 1)
FROM (SELECT st.id, st.municipality_id, m.n FROM strategies st JOIN bench_munis m ON m.id = st.municipality_id) s,
  generate_series(0, 2) p;

-- Measure g belongs to: 1..100 → roadmap, 101..10100 → list, the rest spread over the others.
CREATE TEMP TABLE bench_measures AS
SELECT g,
  pg_temp.uuid7(1740000000000 + g, g) AS id,
  CASE WHEN g <= 100 THEN 1 WHEN g <= 10100 THEN 2 ELSE 3 + (g % 10998) END AS muni_n
FROM generate_series(1, 500000) g;

INSERT INTO measures (id, municipality_id, action_field_id, rank, title, description, lead, participants,
  target_group, expected_result, resources, start_window, start_date, end_date, status, progress,
  budget_cents, funding_source, grant_program, indicators)
SELECT bm.id, m.id,
  (SELECT id FROM bench_fields WHERE n = ((m.n + bm.g % 3) % 9) + 1),
  bm.g / 3 + 1,
  (ARRAY['Freies WLAN im Bürgerhaus','Online-Terminvergabe im Bürgerbüro','Dorf-App mit Mängelmelder',
         'Digitale Wanderkarte','Smartphone-Sprechstunde','Ehrenamtsbörse','Leerstandskataster',
         'Einführung der E-Akte','Glasfaser für Schulen','Coworking im Ortskern'])[bm.g % 10 + 1] || ' ' || bm.g,
  'Beschreibung der Maßnahme ' || bm.g || ': was sie bewirkt, für wen und mit welchen Mitteln.',
  'Hauptamt', 'Ortsgemeinden, Vereine', 'Bürgerinnen und Bürger', 'Ein messbares Ergebnis', 'Personal, Sachmittel',
  (ARRAY['immediately','within_2_years','within_4_years'])[bm.g % 3 + 1]::start_window,
  CASE WHEN bm.g % 4 <> 3 THEN date '2025-01-01' + (bm.g % 700)::int END,
  CASE WHEN bm.g % 4 <> 3 THEN date '2025-01-01' + (bm.g % 700)::int + 90 + (bm.g % 400)::int END,
  (ARRAY['planned','in_progress','done','on_hold','planned','in_progress'])[bm.g % 6 + 1]::measure_status,
  (bm.g * 7) % 101, (bm.g % 50) * 100000, 'Haushalt und Fördermittel', 'Landesförderprogramm',
  jsonb_build_array(jsonb_build_object('name', 'Indikator', 'unit', 'Anzahl', 'baseline', 0, 'target', 10,
    'currentValue', null, 'currentAsOf', null))
FROM bench_measures bm JOIN bench_munis m ON m.n = bm.muni_n;

-- Three steps for the first 100,000 measures (roadmap and list included): open ones drive `overdue`.
INSERT INTO measure_steps (id, municipality_id, measure_id, title, due_on, done_at, position)
SELECT pg_temp.uuid7(1750000000000 + bm.g * 3 + p, bm.g * 3 + p), m.id, bm.id, 'Schritt ' || p,
  date '2025-06-01' + ((bm.g + p * 40) % 900)::int,
  CASE WHEN p = 1 THEN timestamptz '2025-05-01' END, p
FROM bench_measures bm JOIN bench_munis m ON m.n = bm.muni_n, generate_series(1, 3) p
WHERE bm.g <= 100000;

UPDATE measures SET steps_total = 3, steps_done = 1, progress = 33
WHERE id IN (SELECT id FROM bench_measures WHERE g <= 100000);

-- run.ts vacuums and analyzes once this transaction has committed.
