-- The search key of 找政策 and of the disclosure lookup: the distinct character bigrams of a text, lower-cased, without
-- those containing white space. IMMUTABLE so that generated columns and their GIN indexes can use it; plain SQL, so it
-- runs on PGlite and PostgreSQL alike (pg_trgm cannot index two-character terms).
CREATE OR REPLACE FUNCTION "policies"."bigrams"(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[])
  FROM (SELECT substr(l, i, 2) AS g FROM (SELECT lower(t) AS l) x, generate_series(1, char_length(x.l) - 1) AS i) s
  WHERE g !~ '[[:space:]]'
$$;--> statement-breakpoint
CREATE TABLE "policies"."material_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"application_id" uuid,
	"stored" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policies"."policy_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"document_number" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"industries" text[] NOT NULL,
	"scales" text[] NOT NULL,
	"tags" text[] NOT NULL,
	"valid_from" timestamp (3) with time zone,
	"valid_until" timestamp (3) with time zone,
	"items" jsonb NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policies"."policies" DROP CONSTRAINT "policies_status_check";--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "scales" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "tags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "reminded_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "submitted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "late_minutes" integer;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "valid_from" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "valid_until" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "send_back_reason" text;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "withdrawn_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "withdraw_reason" text;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "expired_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD COLUMN "search_bigrams" text[] GENERATED ALWAYS AS (policies.bigrams("policies"."policies"."title" || chr(10) || "policies"."policies"."summary" || chr(10) || "policies"."policies"."body")) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "project_name_bigrams" text[] GENERATED ALWAYS AS (policies.bigrams("policies"."redemption_applications"."project_name")) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "origin" text DEFAULT 'APPLICATION' NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "received_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "accepted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "returned_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "processing_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "step_due_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "overdue_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "result" text;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "refusal_reason" text;--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD COLUMN "disclosure_ends_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "policies"."redemption_items" ADD COLUMN "receive_days" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."redemption_items" ADD COLUMN "accept_days" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."redemption_items" ADD COLUMN "disclosure_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "policies"."policy_versions" ADD CONSTRAINT "policy_versions_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "policies"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "material_files_enterprise_code_uploaded_at_index" ON "policies"."material_files" USING btree ("enterprise_code","uploaded_at");--> statement-breakpoint
CREATE INDEX "material_files_application_id_index" ON "policies"."material_files" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_policy_id_version_index" ON "policies"."policy_versions" USING btree ("policy_id","version");--> statement-breakpoint
CREATE INDEX "policies_search_bigrams_index" ON "policies"."policies" USING gin ("search_bigrams") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "policies_status_valid_until_index" ON "policies"."policies" USING btree ("status","valid_until");--> statement-breakpoint
CREATE INDEX "policies_status_publish_deadline_at_index" ON "policies"."policies" USING btree ("status","publish_deadline_at");--> statement-breakpoint
CREATE INDEX "redemption_applications_step_due_at_index" ON "policies"."redemption_applications" USING btree ("step_due_at") WHERE "policies"."redemption_applications"."overdue_at" is null and "policies"."redemption_applications"."step_due_at" is not null;--> statement-breakpoint
CREATE INDEX "redemption_applications_department_code_county_code_overdue_at_index" ON "policies"."redemption_applications" USING btree ("department_code","county_code","overdue_at");--> statement-breakpoint
CREATE INDEX "redemption_applications_name_bigrams_index" ON "policies"."redemption_applications" USING gin ("project_name_bigrams") WITH (fastupdate=false) WHERE "policies"."redemption_applications"."status" = 'DISCLOSED';--> statement-breakpoint
ALTER TABLE "policies"."policies" ADD CONSTRAINT "policies_status_check" CHECK ("policies"."policies"."status" in ('DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'WITHDRAWN', 'EXPIRED'));--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD CONSTRAINT "redemption_applications_result_check" CHECK ("policies"."redemption_applications"."result" is null or "policies"."redemption_applications"."result" in ('APPROVED', 'REFUSED'));--> statement-breakpoint
ALTER TABLE "policies"."redemption_items" ADD CONSTRAINT "redemption_items_step_limits_check" CHECK ("policies"."redemption_items"."receive_days" between 1 and 20 and "policies"."redemption_items"."accept_days" between 1 and 20 and "policies"."redemption_items"."disclosure_days" between 1 and 60);--> statement-breakpoint
-- Action names of the publishing workflow are one word each now: DRAFT became CREATE, SUBMIT_FOR_REVIEW became SUBMIT.
UPDATE "policies"."policy_events" SET "action" = 'CREATE' WHERE "action" = 'DRAFT';--> statement-breakpoint
UPDATE "policies"."policy_events" SET "action" = 'SUBMIT' WHERE "action" = 'SUBMIT_FOR_REVIEW';
