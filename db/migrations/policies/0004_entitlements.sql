CREATE TABLE "policies"."entitlement_events" (
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
CREATE TABLE "policies"."entitlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"enterprise_county_code" text NOT NULL,
	"item_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"rule_version" integer NOT NULL,
	"facts" jsonb NOT NULL,
	"reason" text NOT NULL,
	"run_id" uuid NOT NULL,
	"status" text NOT NULL,
	"entitled_at" timestamp (3) with time zone NOT NULL,
	"confirmed_at" timestamp (3) with time zone,
	"declined_at" timestamp (3) with time zone,
	"decline_reason" text,
	"application_id" uuid,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entitlements_status_check" CHECK ("policies"."entitlements"."status" in ('ENTITLED', 'CONFIRMED', 'DECLINED'))
);
--> statement-breakpoint
CREATE TABLE "policies"."matching_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"requested_by" text,
	"county_code" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"rules" integer DEFAULT 0 NOT NULL,
	"enterprises" integer DEFAULT 0 NOT NULL,
	"evaluations" integer DEFAULT 0 NOT NULL,
	"entitled" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policies"."entitlements" ADD CONSTRAINT "entitlements_item_id_redemption_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "policies"."redemption_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies"."entitlements" ADD CONSTRAINT "entitlements_rule_id_eligibility_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "policies"."eligibility_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entitlement_events_subject_id_id_index" ON "policies"."entitlement_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "entitlements_enterprise_code_item_id_index" ON "policies"."entitlements" USING btree ("enterprise_code","item_id");--> statement-breakpoint
CREATE INDEX "entitlements_enterprise_code_entitled_at_index" ON "policies"."entitlements" USING btree ("enterprise_code","entitled_at");--> statement-breakpoint
CREATE INDEX "entitlements_department_code_county_code_status_index" ON "policies"."entitlements" USING btree ("department_code","county_code","status");--> statement-breakpoint
CREATE INDEX "entitlements_enterprise_county_code_confirmed_at_index" ON "policies"."entitlements" USING btree ("enterprise_county_code","confirmed_at");--> statement-breakpoint
CREATE INDEX "entitlements_confirmed_at_index" ON "policies"."entitlements" USING btree ("confirmed_at");--> statement-breakpoint
CREATE INDEX "matching_runs_started_at_index" ON "policies"."matching_runs" USING btree ("started_at");