-- The search key of the service catalogue (事项清单): the distinct character bigrams of a text, lower-cased, without
-- those containing white space, exactly as `policies.bigrams` computes them for 找政策. IMMUTABLE so that a generated
-- column and its GIN index can use it; plain SQL, so it runs on PGlite and PostgreSQL alike. drizzle-kit writes no
-- functions, so it lives in this custom migration.
CREATE OR REPLACE FUNCTION "platform"."bigrams"(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (SELECT substr(l, i, 2) AS g FROM (SELECT lower(t) AS l) x, generate_series(1, char_length(x.l) - 1) AS i) s
  WHERE g !~ '[[:space:]]'
$$;
