CREATE SCHEMA "talent";
--> statement-breakpoint
CREATE TABLE "talent"."job_posting_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"actor_role" text NOT NULL,
	"note" text,
	"data" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent"."job_postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"headcount" integer NOT NULL,
	"salary_min" integer NOT NULL,
	"salary_max" integer NOT NULL,
	"education" text NOT NULL,
	"description" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"status" text NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp (3) with time zone,
	"rejection_reason" text,
	"published_at" timestamp (3) with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_postings_category_check" CHECK ("talent"."job_postings"."category" in ('MANUFACTURING', 'RESEARCH', 'INFORMATION_TECHNOLOGY', 'SALES', 'MANAGEMENT', 'FINANCE', 'LOGISTICS', 'CONSTRUCTION', 'SERVICE', 'OTHER')),
	CONSTRAINT "job_postings_education_check" CHECK ("talent"."job_postings"."education" in ('ANY', 'HIGH_SCHOOL', 'JUNIOR_COLLEGE', 'BACHELOR', 'MASTER', 'DOCTORATE')),
	CONSTRAINT "job_postings_status_check" CHECK ("talent"."job_postings"."status" in ('PENDING_REVIEW', 'PUBLISHED', 'REJECTED', 'CLOSED')),
	CONSTRAINT "job_postings_headcount_check" CHECK ("talent"."job_postings"."headcount" > 0),
	CONSTRAINT "job_postings_salary_check" CHECK ("talent"."job_postings"."salary_min" > 0 and "talent"."job_postings"."salary_max" >= "talent"."job_postings"."salary_min")
);
--> statement-breakpoint
CREATE TABLE "talent"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "outbox_idempotencyKey_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "talent"."talent_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_posting_events_subject_id_id_index" ON "talent"."job_posting_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "job_postings_status_submitted_at_id_index" ON "talent"."job_postings" USING btree ("status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "job_postings_county_code_status_submitted_at_id_index" ON "talent"."job_postings" USING btree ("county_code","status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "job_postings_enterprise_code_submitted_at_id_index" ON "talent"."job_postings" USING btree ("enterprise_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "talent"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "talent_policies_published_at_id_index" ON "talent"."talent_policies" USING btree ("published_at","id");--> statement-breakpoint
CREATE INDEX "talent_policies_department_code_published_at_id_index" ON "talent"."talent_policies" USING btree ("department_code","published_at","id");--> statement-breakpoint
CREATE INDEX "talent_policies_county_code_published_at_id_index" ON "talent"."talent_policies" USING btree ("county_code","published_at","id");