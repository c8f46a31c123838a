CREATE SCHEMA "policies";
--> statement-breakpoint
CREATE TABLE "policies"."application_events" (
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
CREATE TABLE "policies"."outbox" (
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
CREATE TABLE "policies"."policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"document_number" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"industries" text[] DEFAULT '{}' NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"publish_deadline_at" timestamp (3) with time zone NOT NULL,
	"published_at" timestamp (3) with time zone,
	"created_by" text NOT NULL,
	"reviewed_by" text,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policies_status_check" CHECK ("policies"."policies"."status" in ('DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'WITHDRAWN'))
);
--> statement-breakpoint
CREATE TABLE "policies"."policy_events" (
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
CREATE TABLE "policies"."redemption_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"project_name" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"status" text NOT NULL,
	"amount_requested" numeric(16, 2),
	"amount_granted" numeric(16, 2),
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"return_reason" text,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"completed_at" timestamp (3) with time zone,
	"disclosed_at" timestamp (3) with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redemption_applications_status_check" CHECK ("policies"."redemption_applications"."status" in ('SUBMITTED', 'RECEIVED', 'ACCEPTED', 'RETURNED', 'PROCESSING', 'COMPLETED', 'DISCLOSED')),
	CONSTRAINT "redemption_applications_amounts_check" CHECK (("policies"."redemption_applications"."amount_requested" is null or "policies"."redemption_applications"."amount_requested" > 0) and ("policies"."redemption_applications"."amount_granted" is null or "policies"."redemption_applications"."amount_granted" >= 0))
);
--> statement-breakpoint
CREATE TABLE "policies"."redemption_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" uuid NOT NULL,
	"name" text NOT NULL,
	"guide" text NOT NULL,
	"required_materials" text[] DEFAULT '{}' NOT NULL,
	"time_limit_days" integer NOT NULL,
	"max_amount" numeric(16, 2),
	"sort_order" integer DEFAULT 0 NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redemption_items_time_limit_check" CHECK ("policies"."redemption_items"."time_limit_days" between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD CONSTRAINT "redemption_applications_item_id_redemption_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "policies"."redemption_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies"."redemption_items" ADD CONSTRAINT "redemption_items_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "policies"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_events_subject_id_id_index" ON "policies"."application_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "policies"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "policies_status_issued_at_id_index" ON "policies"."policies" USING btree ("status","issued_at","id");--> statement-breakpoint
CREATE INDEX "policies_department_code_status_issued_at_id_index" ON "policies"."policies" USING btree ("department_code","status","issued_at","id");--> statement-breakpoint
CREATE INDEX "policies_county_code_status_index" ON "policies"."policies" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "policy_events_subject_id_id_index" ON "policies"."policy_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "redemption_applications_enterprise_code_submitted_at_id_index" ON "policies"."redemption_applications" USING btree ("enterprise_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "redemption_applications_department_code_county_code_status_index" ON "policies"."redemption_applications" USING btree ("department_code","county_code","status");--> statement-breakpoint
CREATE INDEX "redemption_applications_county_code_submitted_at_id_index" ON "policies"."redemption_applications" USING btree ("county_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "redemption_applications_item_id_index" ON "policies"."redemption_applications" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "redemption_applications_status_disclosed_at_id_index" ON "policies"."redemption_applications" USING btree ("status","disclosed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "redemption_applications_item_id_enterprise_code_project_name_index" ON "policies"."redemption_applications" USING btree ("item_id","enterprise_code","project_name");--> statement-breakpoint
CREATE INDEX "redemption_items_policy_id_sort_order_id_index" ON "policies"."redemption_items" USING btree ("policy_id","sort_order","id");