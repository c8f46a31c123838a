CREATE TABLE "policies"."eligibility_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"expression" jsonb NOT NULL,
	"facts" text[] NOT NULL,
	"description" text NOT NULL,
	"effective_from" timestamp (3) with time zone NOT NULL,
	"effective_until" timestamp (3) with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	CONSTRAINT "eligibility_rules_dates_check" CHECK ("policies"."eligibility_rules"."effective_until" is null or "policies"."eligibility_rules"."effective_until" > "policies"."eligibility_rules"."effective_from")
);
--> statement-breakpoint
CREATE TABLE "policies"."enterprise_facts" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"county_code" text NOT NULL,
	"industry_code" text NOT NULL,
	"scale" text NOT NULL,
	"registered_capital" numeric(16, 2),
	"established_on" text,
	"above_scale" boolean,
	"above_scale_since" text,
	"annual_revenue" numeric(16, 2),
	"employees" integer,
	"statistics_period" text,
	"registry_refreshed_at" timestamp (3) with time zone NOT NULL,
	"statistics_refreshed_at" timestamp (3) with time zone,
	"fingerprint" text NOT NULL,
	"changed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policies"."eligibility_rules" ADD CONSTRAINT "eligibility_rules_item_id_redemption_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "policies"."redemption_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_rules_item_id_version_index" ON "policies"."eligibility_rules" USING btree ("item_id","version");--> statement-breakpoint
CREATE INDEX "eligibility_rules_effective_from_index" ON "policies"."eligibility_rules" USING btree ("effective_from");--> statement-breakpoint
CREATE INDEX "enterprise_facts_county_code_index" ON "policies"."enterprise_facts" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "enterprise_facts_changed_at_index" ON "policies"."enterprise_facts" USING btree ("changed_at");