-- Postings written before they had a life cycle: sorted by when they were created (their submission); published
-- and closed ones valid one more year; version 1 of every content kept; event actions upper-case like the API's.
UPDATE "talent"."job_postings"
SET "created_at" = coalesce("submitted_at", "created_at"), "revised_at" = coalesce("reviewed_at", "submitted_at", "created_at"),
    "expires_on" = (now() + interval '1 year')::date;
--> statement-breakpoint
UPDATE "talent"."job_postings" p
SET "closed_at" = e."at"
FROM "talent"."job_posting_events" e
WHERE e."subject_id" = p."id" AND e."action" = 'close' AND p."status" = 'CLOSED';
--> statement-breakpoint
INSERT INTO "talent"."job_posting_versions" ("subject_id", "version", "content", "actor", "actor_role", "at")
SELECT "id", 1,
       jsonb_build_object('title', "title", 'category', "category", 'headcount', "headcount", 'salaryMin', "salary_min",
                          'salaryMax', "salary_max", 'education', "education", 'description', "description",
                          'countyCode', "county_code", 'expiresOn', "expires_on"),
       "submitted_by", 'enterprise', coalesce("submitted_at", "created_at")
FROM "talent"."job_postings"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE "talent"."job_posting_events" SET "action" = upper("action") WHERE "action" <> upper("action");
