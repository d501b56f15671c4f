-- The benchmark's DuckDB peer: the same tables as eucluster (national ecosystem shares, location quotients and
-- nodes at NACE and ecosystem level), for one year or every year, by SQL over the gzipped Eurostat TSVs. Run by bench/peers/duckdb.mjs,
-- which fills in the double-braced placeholders from the input directory's pipeline.config.json and the files' headers.
-- Rules, as eucluster's (docs/missing-data.md): ':' and flag 'c' are missing (no LQ of their own); inside a sum
-- a missing part counts as zero, a sum of missing parts only is missing, and a region whose part has no data at
-- all that year is missing; a region is its own row, else the sum of its rows one level down (BE2 = BE21 + …);
-- E(r) and E(B) come from the regional-total file; the benchmark's own rows give E(B,i).

CREATE TEMP MACRO cell_value(c) AS
  CASE
    WHEN split_part(trim(c), ' ', 1) IN (':', '') OR contains(split_part(trim(c), ' ', 2), 'c') THEN NULL
    ELSE CAST(split_part(trim(c), ' ', 1) AS DOUBLE)
  END;
CREATE TEMP MACRO is_aggregate(g) AS
  regexp_full_match(g, 'EU\d{2}(_\d{4})?|EA\d{0,2}(_\d{4})?|EEA\d*(_\d{4})?|EFTA');
CREATE TEMP MACRO is_region_code(g) AS
  NOT is_aggregate(g) AND regexp_full_match(g, '[A-Z]{2}[0-9A-Z]{0,3}')
  AND NOT (length(g) > 2 AND regexp_full_match(substr(g, 3), 'Z+'));
CREATE TEMP MACRO region_level(country) AS {{levelExpr}};

CREATE TEMP TABLE mapping AS
  SELECT nace_r2 AS division, ecosystem, CAST(weight AS DOUBLE) AS weight
  FROM read_csv('{{mapping}}', header = true, all_varchar = true);

-- The configured slice of each file, one row per key and selected year (projection pushdown reads only
-- those periods' columns).
CREATE TEMP TABLE regional AS
  SELECT split_part(k, ',', {{regional.geo}}) AS geo, split_part(k, ',', {{regional.activity}}) AS activity,
         year, cell_value(v) AS v
  FROM {{regional.source}} WHERE {{regional.filter}};
CREATE TEMP TABLE national AS
  SELECT split_part(k, ',', {{national.geo}}) AS geo, split_part(k, ',', {{national.activity}}) AS activity,
         year, cell_value(v) AS v
  FROM {{national.source}} WHERE {{national.filter}};
CREATE TEMP TABLE totals AS
  SELECT split_part(k, ',', {{totals.geo}}) AS geo, year, cell_value(v) AS v
  FROM {{totals.source}} WHERE {{totals.filter}};
CREATE TEMP TABLE years AS SELECT DISTINCT year FROM regional;

-- Regions at the configured level per country, from the regional file's NUTS codes.
CREATE TEMP TABLE codes AS
  SELECT DISTINCT geo FROM regional WHERE is_region_code(geo);
CREATE TEMP TABLE regions AS
  SELECT DISTINCT substr(geo, 1, 2 + region_level(substr(geo, 1, 2))) AS region FROM codes
  WHERE length(geo) >= 2 + region_level(substr(geo, 1, 2));
CREATE TEMP TABLE activities AS
  SELECT DISTINCT activity FROM regional WHERE regexp_full_match(activity, '[A-U]\d{2}');

-- E(r,i): own row, else the sum of the rows one level down, per year: a suppressed part counts as zero; a part
-- with no data at all that year (absent), or parts all missing, make the sum missing.
CREATE TEMP TABLE region_values AS
WITH children AS (
  SELECT r.region, c.geo AS child FROM regions r JOIN codes c
    ON length(c.geo) = length(r.region) + 1 AND starts_with(c.geo, r.region)
), present AS (
  SELECT DISTINCT geo, year FROM regional WHERE v IS NOT NULL
), child_sums AS (
  SELECT ch.region, a.activity, y.year,
         CASE WHEN count(x.v) > 0 AND bool_and(p.geo IS NOT NULL) THEN sum(x.v) END AS v
  FROM children ch CROSS JOIN activities a CROSS JOIN years y
  LEFT JOIN regional x ON x.geo = ch.child AND x.activity = a.activity AND x.year = y.year
  LEFT JOIN present p ON p.geo = ch.child AND p.year = y.year
  GROUP BY ALL
)
SELECT r.region, a.activity, y.year, CASE WHEN own.geo IS NOT NULL THEN own.v ELSE cs.v END AS v
FROM regions r CROSS JOIN activities a CROSS JOIN years y
LEFT JOIN regional own ON own.geo = r.region AND own.activity = a.activity AND own.year = y.year
LEFT JOIN child_sums cs ON cs.region = r.region AND cs.activity = a.activity AND cs.year = y.year;

-- E(r): the same rule over the regional-total file's codes (one value per code and year: a part without it has
-- no data that year, so the sum is missing).
CREATE TEMP TABLE region_totals AS
WITH tcodes AS (SELECT DISTINCT geo FROM totals WHERE is_region_code(geo)),
children AS (
  SELECT r.region, c.geo AS child FROM regions r JOIN tcodes c
    ON length(c.geo) = length(r.region) + 1 AND starts_with(c.geo, r.region)
), child_sums AS (
  SELECT ch.region, y.year, CASE WHEN count(*) = count(x.v) THEN sum(x.v) END AS v
  FROM children ch CROSS JOIN years y LEFT JOIN totals x ON x.geo = ch.child AND x.year = y.year GROUP BY ALL
)
SELECT r.region, y.year, CASE WHEN own.geo IS NOT NULL THEN own.v ELSE cs.v END AS v
FROM regions r CROSS JOIN years y
LEFT JOIN totals own ON own.geo = r.region AND own.year = y.year
LEFT JOIN child_sums cs ON cs.region = r.region AND cs.year = y.year;

CREATE TEMP TABLE bench AS
  SELECT a.activity, y.year, x.v FROM activities a CROSS JOIN years y
  LEFT JOIN regional x ON x.geo = '{{benchmark}}' AND x.activity = a.activity AND x.year = y.year;
CREATE TEMP TABLE bench_total AS
  SELECT y.year, t.v FROM years y LEFT JOIN totals t ON t.geo = '{{benchmark}}' AND t.year = y.year;

-- Ecosystem level: Σ weight × division, a missing division counting as zero, missing when all are.
CREATE TEMP TABLE region_eco AS
  SELECT r.region, m.ecosystem AS activity, y.year,
         CASE WHEN count(x.v) > 0 THEN sum(m.weight * x.v) END AS v
  FROM regions r CROSS JOIN mapping m CROSS JOIN years y
  LEFT JOIN region_values x ON x.region = r.region AND x.activity = m.division AND x.year = y.year
  GROUP BY ALL;
CREATE TEMP TABLE bench_eco AS
  SELECT m.ecosystem AS activity, y.year, CASE WHEN count(b.v) > 0 THEN sum(m.weight * b.v) END AS v
  FROM mapping m CROSS JOIN years y LEFT JOIN bench b ON b.activity = m.division AND b.year = y.year GROUP BY ALL;

CREATE TEMP TABLE lq AS
WITH cells AS (
  SELECT 'nace' AS level, region, activity, year, v FROM region_values
  UNION ALL SELECT 'ecosystem', region, activity, year, v FROM region_eco
), benches AS (
  SELECT 'nace' AS level, activity, year, v FROM bench
  UNION ALL SELECT 'ecosystem', activity, year, v FROM bench_eco
)
SELECT c.region, c.year, c.level, c.activity, c.v AS employment, c.v / t.v AS region_share,
       (c.v / t.v) / (b.v / bt.v) AS lq,
       (c.v / t.v) / (b.v / bt.v) > 1.5 AND c.v / t.v >= 0.01 AS node
FROM cells c
JOIN region_totals t ON t.region = c.region AND t.year = c.year
JOIN benches b ON b.level = c.level AND b.activity = c.activity AND b.year = c.year
JOIN bench_total bt ON bt.year = c.year
WHERE c.v IS NOT NULL AND t.v > 0 AND b.v > 0 AND bt.v > 0;

CREATE TEMP TABLE region_nodes AS
WITH levels AS (
  SELECT 'nace' AS level, count(*) AS n FROM activities
  UNION ALL SELECT 'ecosystem', count(DISTINCT ecosystem) FROM mapping
), ranked AS (
  SELECT region, level, year, activity,
         row_number() OVER (PARTITION BY region, level, year ORDER BY lq DESC, activity) AS k
  FROM lq WHERE node
), counts AS (
  SELECT region, level, year, count(*) AS node_count,
         string_agg(CASE WHEN k <= 5 THEN activity END, '|' ORDER BY k) AS top5
  FROM ranked GROUP BY ALL
), with_lq AS (
  SELECT region, level, year, count(*) AS n FROM lq GROUP BY ALL
)
SELECT r.region, y.year, l.level, coalesce(c.node_count, 0) AS node_count, coalesce(c.top5, '') AS top5,
       l.n - coalesce(w.n, 0) AS missing_cells
FROM regions r CROSS JOIN levels l CROSS JOIN years y
LEFT JOIN counts c ON c.region = r.region AND c.level = l.level AND c.year = y.year
LEFT JOIN with_lq w ON w.region = r.region AND w.level = l.level AND w.year = y.year;

-- Figure 1: national ecosystem shares (countries and the benchmark), per year.
CREATE TEMP TABLE ecosystem_employment AS
WITH geos AS (
  SELECT DISTINCT geo FROM national
  WHERE (is_region_code(geo) AND length(geo) = 2) OR geo = '{{benchmark}}'
), eco AS (
  SELECT g.geo, y.year, m.ecosystem,
         CASE WHEN count(x.v) > 0 THEN sum(m.weight * x.v) END AS employment
  FROM geos g CROSS JOIN mapping m CROSS JOIN years y
  LEFT JOIN national x ON x.geo = g.geo AND x.activity = m.division AND x.year = y.year
  GROUP BY ALL
), shares AS (
  SELECT geo, year, ecosystem, employment,
         CASE WHEN sum(employment) OVER (PARTITION BY geo, year) > 0
              THEN employment / sum(employment) OVER (PARTITION BY geo, year) END AS share
  FROM eco
), ranks AS (
  SELECT geo, year, ecosystem,
         row_number() OVER (PARTITION BY geo, year ORDER BY employment DESC, ecosystem) AS rank
  FROM eco WHERE employment IS NOT NULL
)
SELECT s.geo, s.year, s.ecosystem, s.employment, s.share, b.share AS benchmark_share,
       s.share > b.share AS specialised, r.rank
FROM shares s
LEFT JOIN shares b ON b.geo = '{{benchmark}}' AND b.ecosystem = s.ecosystem AND b.year = s.year
LEFT JOIN ranks r ON r.geo = s.geo AND r.ecosystem = s.ecosystem AND r.year = s.year;

COPY (SELECT * FROM ecosystem_employment ORDER BY geo, year, ecosystem) TO '{{out}}/ecosystem_employment.csv' (HEADER);
COPY (SELECT region, year, level, activity, employment, region_share, lq, node FROM lq ORDER BY region, year, level, activity)
  TO '{{out}}/location_quotients.csv' (HEADER);
COPY (SELECT * FROM region_nodes ORDER BY region, year, level) TO '{{out}}/region_nodes.csv' (HEADER);
