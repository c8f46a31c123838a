CREATE TABLE "talent"."job_posting_versions" (
	"subject_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"actor" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_posting_versions_subject_id_version_pk" PRIMARY KEY("subject_id","version")
);
--> statement-breakpoint
ALTER TABLE "talent"."job_postings" DROP CONSTRAINT "job_postings_status_check";--> statement-breakpoint
DROP INDEX "talent"."job_postings_status_submitted_at_id_index";--> statement-breakpoint
DROP INDEX "talent"."job_postings_county_code_status_submitted_at_id_index";--> statement-breakpoint
DROP INDEX "talent"."job_postings_enterprise_code_submitted_at_id_index";--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ALTER COLUMN "submitted_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ALTER COLUMN "submitted_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ALTER COLUMN "created_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ALTER COLUMN "updated_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ALTER COLUMN "updated_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD COLUMN "revised_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD COLUMN "expires_on" date;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD COLUMN "closed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD COLUMN "reopened_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD COLUMN "expired_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD COLUMN "withdrawn_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
CREATE INDEX "job_posting_versions_at_index" ON "talent"."job_posting_versions" USING btree ("at");--> statement-breakpoint
CREATE INDEX "job_postings_status_created_at_id_index" ON "talent"."job_postings" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "job_postings_county_code_status_created_at_id_index" ON "talent"."job_postings" USING btree ("county_code","status","created_at","id");--> statement-breakpoint
CREATE INDEX "job_postings_enterprise_code_created_at_id_index" ON "talent"."job_postings" USING btree ("enterprise_code","created_at","id");--> statement-breakpoint
CREATE INDEX "job_postings_status_expires_on_index" ON "talent"."job_postings" USING btree ("status","expires_on");--> statement-breakpoint
ALTER TABLE "talent"."job_postings" ADD CONSTRAINT "job_postings_status_check" CHECK ("talent"."job_postings"."status" in ('DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'REJECTED', 'CLOSED', 'EXPIRED', 'WITHDRAWN'));