-- The instants of reviews made before they were recorded on the report: from the last accept / return event.
UPDATE "statistics"."reports" r SET "accepted_at" = e."at"
FROM (SELECT "subject_id", max("at") AS "at" FROM "statistics"."report_events" WHERE "action" = 'accept' GROUP BY "subject_id") e
WHERE e."subject_id" = r."id" AND r."accepted_at" IS NULL;--> statement-breakpoint
UPDATE "statistics"."reports" r SET "returned_at" = e."at", "return_reasons" = e."reasons"
FROM (
  SELECT DISTINCT ON ("subject_id") "subject_id", "at",
    CASE WHEN "note" IS NULL THEN NULL ELSE jsonb_build_array(jsonb_build_object('field', NULL, 'text', "note")) END AS "reasons"
  FROM "statistics"."report_events" WHERE "action" = 'return' ORDER BY "subject_id", "at" DESC
) e
WHERE e."subject_id" = r."id" AND r."returned_at" IS NULL;
