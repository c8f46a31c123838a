-- Rows written before listings had a life cycle: parks were public (now PUBLISHED, version 1, valid two more years);
-- investment projects were opportunities of kind INVESTMENT (now rows of investment_projects with their events);
-- CLOSED opportunities (closed by their poster: a `close` event) become WITHDRAWN; event actions are upper-case like
-- the API's.
UPDATE "commerce"."parks"
SET "status" = 'PUBLISHED', "published_at" = "created_at", "revised_at" = "updated_at",
    "expires_on" = (now() + interval '2 years')::date;
--> statement-breakpoint
INSERT INTO "commerce"."park_versions" ("subject_id", "version", "content", "actor", "actor_role", "at")
SELECT "id", 1,
       jsonb_build_object('name', "name", 'level', "level", 'areaHectares', "area_hectares",
                          'leadingIndustries', to_jsonb("leading_industries"), 'address', "address",
                          'description', "description", 'expiresOn', "expires_on"),
       'migration', 'system', "updated_at"
FROM "commerce"."parks";
--> statement-breakpoint
INSERT INTO "commerce"."investment_projects" (
  "id", "title", "industry_code", "park_id", "address", "investment_amount", "stage", "description", "contact_name",
  "contact_phone", "created_by", "status", "version", "review_note", "published_at", "expires_on", "withdrawn_at",
  "revised_at", "department_code", "county_code", "created_at", "updated_at")
SELECT o."id", o."title", o."industry_code", o."park_id", coalesce(p."address", ''), coalesce(o."investment_amount", 1),
       'NEGOTIATING', o."description", o."contact_name", o."contact_phone", o."submitted_by",
       CASE WHEN o."status" = 'PUBLISHED' THEN 'PUBLISHED' ELSE 'WITHDRAWN' END, 1, o."review_note", o."published_at",
       o."expires_on", CASE WHEN o."status" = 'PUBLISHED' THEN NULL ELSE o."updated_at" END, o."updated_at",
       o."department_code", o."county_code", o."created_at", o."updated_at"
FROM "commerce"."opportunities" o
LEFT JOIN "commerce"."parks" p ON p."id" = o."park_id"
WHERE o."kind" = 'INVESTMENT';
--> statement-breakpoint
INSERT INTO "commerce"."investment_project_versions" ("subject_id", "version", "content", "actor", "actor_role", "at")
SELECT "id", 1,
       jsonb_build_object('title', "title", 'industryCode', "industry_code", 'parkId', "park_id", 'address', "address",
                          'investmentAmount', "investment_amount", 'stage', "stage", 'description', "description",
                          'countyCode', "county_code", 'expiresOn', "expires_on"),
       "created_by", 'staff', "created_at"
FROM "commerce"."investment_projects";
--> statement-breakpoint
INSERT INTO "commerce"."investment_project_events"
  ("subject_id", "action", "from_status", "to_status", "actor", "actor_role", "note", "data", "at")
SELECT e."subject_id", CASE e."action" WHEN 'close' THEN 'WITHDRAW' ELSE upper(e."action") END, e."from_status",
       CASE e."to_status" WHEN 'CLOSED' THEN 'WITHDRAWN' ELSE e."to_status" END, e."actor", e."actor_role", e."note",
       e."data", e."at"
FROM "commerce"."opportunity_events" e
JOIN "commerce"."opportunities" o ON o."id" = e."subject_id"
WHERE o."kind" = 'INVESTMENT'
ORDER BY e."id";
--> statement-breakpoint
DELETE FROM "commerce"."opportunity_events" e
USING "commerce"."opportunities" o
WHERE o."id" = e."subject_id" AND o."kind" = 'INVESTMENT';
--> statement-breakpoint
DELETE FROM "commerce"."opportunities" WHERE "kind" = 'INVESTMENT';
--> statement-breakpoint
UPDATE "commerce"."opportunities"
SET "status" = 'WITHDRAWN', "withdrawn_at" = "updated_at"
WHERE "status" = 'CLOSED';
--> statement-breakpoint
UPDATE "commerce"."opportunities"
SET "submitted_at" = "created_at", "revised_at" = "created_at",
    "reviewed_at" = CASE WHEN "status" = 'PENDING' OR "published_at" IS NULL AND "status" <> 'REJECTED' THEN NULL
                         ELSE coalesce("published_at", "updated_at") END;
--> statement-breakpoint
INSERT INTO "commerce"."opportunity_versions" ("subject_id", "version", "content", "actor", "actor_role", "at")
SELECT "id", 1,
       jsonb_build_object('kind', "kind", 'title', "title", 'description', "description",
                          'industryCode', "industry_code", 'countyCode', "county_code", 'expiresOn', "expires_on"),
       "submitted_by", 'enterprise', "created_at"
FROM "commerce"."opportunities";
--> statement-breakpoint
UPDATE "commerce"."opportunity_events"
SET "action" = CASE "action" WHEN 'close' THEN 'WITHDRAW' WHEN 'resubmit' THEN 'UPDATE' ELSE upper("action") END,
    "to_status" = CASE "to_status" WHEN 'CLOSED' THEN 'WITHDRAWN' ELSE "to_status" END;
--> statement-breakpoint
UPDATE "commerce"."financing_need_events" SET "action" = upper("action");
