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
	"issued_at" timestamp with time zone NOT NULL,
	"publish_deadline_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"reviewed_by" text,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
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
	"return_reason" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"disclosed_at" timestamp with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
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
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policies"."redemption_applications" ADD CONSTRAINT "redemption_applications_item_id_redemption_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "policies"."redemption_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies"."redemption_items" ADD CONSTRAINT "redemption_items_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "policies"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_events_subject_id_id_index" ON "policies"."application_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "policies"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "policies_status_published_at_id_index" ON "policies"."policies" USING btree ("status","published_at","id");--> statement-breakpoint
CREATE INDEX "policies_department_code_county_code_index" ON "policies"."policies" USING btree ("department_code","county_code");--> statement-breakpoint
CREATE INDEX "policy_events_subject_id_id_index" ON "policies"."policy_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "redemption_applications_enterprise_code_submitted_at_id_index" ON "policies"."redemption_applications" USING btree ("enterprise_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "redemption_applications_department_code_county_code_status_index" ON "policies"."redemption_applications" USING btree ("department_code","county_code","status");--> statement-breakpoint
CREATE INDEX "redemption_applications_item_id_index" ON "policies"."redemption_applications" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "redemption_items_policy_id_index" ON "policies"."redemption_items" USING btree ("policy_id");