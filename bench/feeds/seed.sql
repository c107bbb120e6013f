-- Scale data for the public feeds benchmark, generated set-wise in SQL (no row-by-row inserts):
-- 11,000 municipalities, each with a strategy (all private here; run.ts then publishes 6,000 of
-- them, one transaction per municipality, so the feed has the commit order real publishing gives),
-- 5 measures each (55,000, of which 30,000 become public), two steps for every measure, and
-- 400 workshops (300 published, 100 drafts).
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

INSERT INTO municipalities (id, name, slug, kind, state_code, ars, contact_name, contact_email)
SELECT pg_temp.uuid7(1710000000000 + g, g), 'Gemeinde ' || g, 'bench-' || g,
  'verbandsgemeinde', 'RP', lpad((70000000000 + g)::text, 12, '0'),
  'Stabsstelle Digitalisierung', 'digital@bench-' || g || '.example'
FROM generate_series(1, 11000) g;

CREATE TEMP TABLE bench_munis AS
SELECT id, row_number() OVER (ORDER BY id) AS n FROM municipalities WHERE slug LIKE 'bench-%';

INSERT INTO strategies (id, municipality_id, program_id, title, status, adopted_on, visibility, next_review_on)
SELECT pg_temp.uuid7(1720000000000 + n, n), id, (SELECT id FROM programs WHERE slug = 'bench'),
  'Digitalstrategie ' || n, 'adopted'::strategy_status, date '2025-03-01',
  'private'::strategy_visibility, date '2027-01-01' + (n % 365)::int
FROM bench_munis;

INSERT INTO strategy_fields (id, municipality_id, strategy_id, action_field_id, priority, goal)
SELECT pg_temp.uuid7(1730000000000 + s.n * 3 + p, s.n * 3 + p), s.municipality_id, s.id,
  (SELECT id FROM bench_fields WHERE n = ((s.n + p) % 9) + 1), p + 1, 'Ziel ' || (p + 1)
FROM (SELECT st.id, st.municipality_id, m.n FROM strategies st JOIN bench_munis m ON m.id = st.municipality_id) s,
  generate_series(0, 2) p;

-- Five measures per municipality: measure g belongs to municipality (g - 1) / 5 + 1.
CREATE TEMP TABLE bench_measures AS
SELECT g, pg_temp.uuid7(1740000000000 + g, g) AS id, (g - 1) / 5 + 1 AS muni_n
FROM generate_series(1, 55000) g;

INSERT INTO measures (id, municipality_id, action_field_id, rank, title, description, lead, participants,
  target_group, expected_result, resources, start_window, start_date, end_date, status, progress,
  budget_cents, funding_source, grant_program, indicators)
SELECT bm.id, m.id,
  (SELECT id FROM bench_fields WHERE n = ((m.n + bm.g % 3) % 9) + 1),
  (bm.g - 1) % 5 + 1,
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

-- Two steps per measure, one done: open ones drive `overdue`.
INSERT INTO measure_steps (id, municipality_id, measure_id, title, due_on, done_at, position)
SELECT pg_temp.uuid7(1750000000000 + bm.g * 2 + p, bm.g * 2 + p), m.id, bm.id, 'Schritt ' || p,
  date '2025-06-01' + ((bm.g + p * 40) % 900)::int,
  CASE WHEN p = 1 THEN timestamptz '2025-05-01' END, p
FROM bench_measures bm JOIN bench_munis m ON m.n = bm.muni_n, generate_series(1, 2) p;

UPDATE measures SET steps_total = 2, steps_done = 1, progress = 50
WHERE id IN (SELECT id FROM bench_measures);

-- 400 workshops hosted by the first 400 municipalities: 300 scheduled (public), 100 drafts.
INSERT INTO workshops (id, program_id, municipality_id, municipality_ids, title, format, starts_at, ends_at,
  venue_name, venue_street, venue_postal_code, venue_city, capacity, status)
SELECT pg_temp.uuid7(1760000000000 + m.n, m.n), (SELECT id FROM programs WHERE slug = 'bench'), m.id, ARRAY[m.id],
  'Strategiewerkstatt ' || m.n, 'onsite'::workshop_format,
  timestamptz '2027-02-01 09:00+01' + (m.n || ' days')::interval,
  timestamptz '2027-02-01 16:00+01' + (m.n || ' days')::interval,
  'Bürgerhaus', 'Hauptstraße 1', '55232', 'Alzey', 30,
  CASE WHEN m.n <= 300 THEN 'published' ELSE 'draft' END::workshop_status
FROM bench_munis m WHERE m.n <= 400;

-- run.ts publishes the strategies (bench_publish below, one commit each), then vacuums and analyzes.
CREATE TABLE bench_publish AS
SELECT st.id AS strategy_id, m.n FROM strategies st JOIN bench_munis m ON m.id = st.municipality_id
WHERE m.n % 11 < 6;
