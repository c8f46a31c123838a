CREATE TABLE "platform"."case_events" (
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
CREATE TABLE "platform"."cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference_no" text NOT NULL,
	"service_id" uuid NOT NULL,
	"service_name" text NOT NULL,
	"time_limit_days" integer NOT NULL,
	"enterprise_code" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_phone" text,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"handling_unit" text NOT NULL,
	"applied_at" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"accepted_at" timestamp (3) with time zone,
	"processing_at" timestamp (3) with time zone,
	"concluded_at" timestamp (3) with time zone,
	"rejected_at" timestamp (3) with time zone,
	"returned_at" timestamp (3) with time zone,
	"due_at" timestamp (3) with time zone,
	"outcome" text,
	"reason" text,
	"last_step_at" timestamp (3) with time zone NOT NULL,
	"source_client" text,
	"external_id" text,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_referenceNo_unique" UNIQUE("reference_no"),
	CONSTRAINT "cases_status_check" CHECK ("platform"."cases"."status" in ('RECEIVED', 'ACCEPTED', 'PROCESSING', 'CONCLUDED', 'REJECTED', 'RETURNED')),
	CONSTRAINT "cases_outcome_check" CHECK ("platform"."cases"."outcome" is null or "platform"."cases"."outcome" in ('APPROVED', 'DENIED'))
);
--> statement-breakpoint
CREATE TABLE "platform"."licences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"name" text NOT NULL,
	"number" text NOT NULL,
	"service_id" uuid,
	"case_id" uuid,
	"issued_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"reminded30_at" timestamp (3) with time zone,
	"reminded7_at" timestamp (3) with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "case_events_subject_id_id_index" ON "platform"."case_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "cases_enterprise_code_applied_at_id_index" ON "platform"."cases" USING btree ("enterprise_code","applied_at","id");--> statement-breakpoint
CREATE INDEX "cases_department_code_county_code_status_index" ON "platform"."cases" USING btree ("department_code","county_code","status");--> statement-breakpoint
CREATE INDEX "cases_received_at_index" ON "platform"."cases" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "cases_due_at_index" ON "platform"."cases" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "cases_concluded_at_index" ON "platform"."cases" USING btree ("concluded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_source_client_external_id_index" ON "platform"."cases" USING btree ("source_client","external_id");--> statement-breakpoint
CREATE INDEX "licences_enterprise_code_expires_on_index" ON "platform"."licences" USING btree ("enterprise_code","expires_on");--> statement-breakpoint
CREATE INDEX "licences_expires_on_index" ON "platform"."licences" USING btree ("expires_on");