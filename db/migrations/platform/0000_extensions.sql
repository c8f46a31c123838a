-- Trigram matching for Chinese name and full-text search (serves two-character terms). drizzle-kit writes no
-- CREATE EXTENSION, so it lives in this custom migration; PGlite loads the extension at create time.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
