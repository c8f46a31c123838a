-- Matters written before the dispatch step: their clock ran from submission, so submission counts as their dispatch;
-- the last resolution is the first one, and a confirmed matter was confirmed when it closed.
UPDATE "complaints"."matters" SET "dispatched_at" = "submitted_at" WHERE "dispatched_at" IS NULL AND "status" <> 'SUBMITTED';
--> statement-breakpoint
UPDATE "complaints"."matters" SET "last_resolved_at" = "resolved_at" WHERE "last_resolved_at" IS NULL;
--> statement-breakpoint
UPDATE "complaints"."matters" SET "confirmed_at" = "closed_at" WHERE "status" = 'CONFIRMED' AND "confirmed_at" IS NULL;
