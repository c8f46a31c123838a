-- Trigram matching for the keyword search on opportunities (serves two-character Chinese terms). The platform
-- migration creates it too; commerce needs it on its own when it runs alone against a fresh database.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
