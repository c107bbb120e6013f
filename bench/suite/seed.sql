-- Runs after bench/strategy/seed.sql, in the same session (its temp tables bench_munis and the
-- uuid7 function are still there): 400 workshops hosted by the first 400 municipalities, 300 of
-- them scheduled (public, in the workshops feed) and 100 drafts, each with its host as the one
-- taking part. The strategy seed's public strategies and their measures are already in the feeds:
-- the triggers of migration 0028 wrote them when the rows were inserted.
INSERT INTO workshops (id, program_id, municipality_id, municipality_ids, title, format, starts_at, ends_at,
  venue_name, venue_street, venue_postal_code, venue_city, capacity, status)
SELECT pg_temp.uuid7(1760000000000 + m.n, m.n), (SELECT id FROM programs WHERE slug = 'bench'), m.id, ARRAY[m.id],
  'Strategiewerkstatt ' || m.n, 'onsite'::workshop_format,
  timestamptz '2027-02-01 09:00+01' + (m.n || ' days')::interval,
  timestamptz '2027-02-01 16:00+01' + (m.n || ' days')::interval,
  'Bürgerhaus', 'Hauptstraße 1', '55232', 'Alzey', 30,
  CASE WHEN m.n <= 300 THEN 'published' ELSE 'draft' END::workshop_status
FROM bench_munis m WHERE m.n <= 400;

INSERT INTO workshop_municipalities (workshop_id, municipality_id)
SELECT w.id, w.municipality_id FROM workshops w WHERE w.title LIKE 'Strategiewerkstatt %';
