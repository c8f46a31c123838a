CREATE TABLE "complaints"."matter_co_handlers" (
	"matter_id" uuid NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"added_by" text NOT NULL,
	"reply" text,
	"replied_at" timestamp with time zone,
	"replied_by" text,
	CONSTRAINT "matter_co_handlers_matter_id_department_code_county_code_pk" PRIMARY KEY("matter_id","department_code","county_code")
);
--> statement-breakpoint
CREATE TABLE "complaints"."matter_escalations" (
	"matter_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"level" integer NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	CONSTRAINT "matter_escalations_matter_id_stage_level_pk" PRIMARY KEY("matter_id","stage","level")
);
--> statement-breakpoint
ALTER TABLE "complaints"."matters" ALTER COLUMN "sign_due_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ALTER COLUMN "reply_due_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ALTER COLUMN "resolve_due_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ALTER COLUMN "report_due_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "source" text DEFAULT 'PORTAL' NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "source_reference" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "raised_by_department_code" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "raised_by_county_code" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "dispatch_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "last_resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "remaining" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "promised_on" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "reopened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "satisfaction_comment" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "rated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_from_department_code" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_from_county_code" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_to_department_code" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_to_county_code" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_reason" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_approved" boolean;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_decision_note" text;--> statement-breakpoint
CREATE INDEX "matter_co_handlers_department_code_county_code_index" ON "complaints"."matter_co_handlers" USING btree ("department_code","county_code");--> statement-breakpoint
CREATE INDEX "matter_escalations_department_code_county_code_at_index" ON "complaints"."matter_escalations" USING btree ("department_code","county_code","at");--> statement-breakpoint
CREATE INDEX "matters_status_submitted_at_index" ON "complaints"."matters" USING btree ("status","submitted_at");