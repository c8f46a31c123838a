CREATE SCHEMA "commerce";
--> statement-breakpoint
CREATE TABLE "commerce"."financing_need_events" (
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
CREATE TABLE "commerce"."financing_needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"purpose" text NOT NULL,
	"term_months" integer NOT NULL,
	"guarantee" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"status" text NOT NULL,
	"submitted_by" text NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "financing_needs_status_check" CHECK ("commerce"."financing_needs"."status" IN ('OPEN', 'MATCHED', 'FUNDED', 'CLOSED')),
	CONSTRAINT "financing_needs_guarantee_check" CHECK ("commerce"."financing_needs"."guarantee" IN ('CREDIT', 'MORTGAGE', 'PLEDGE', 'GUARANTEE')),
	CONSTRAINT "financing_needs_amount_check" CHECK ("commerce"."financing_needs"."amount" > 0),
	CONSTRAINT "financing_needs_term_check" CHECK ("commerce"."financing_needs"."term_months" BETWEEN 1 AND 360)
);
--> statement-breakpoint
CREATE TABLE "commerce"."opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"industry_code" text NOT NULL,
	"enterprise_code" text,
	"investment_amount" numeric(16, 2),
	"park_id" uuid,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"status" text NOT NULL,
	"submitted_by" text NOT NULL,
	"review_note" text,
	"published_at" timestamp (3) with time zone,
	"expires_on" date,
	"search_text" text GENERATED ALWAYS AS ("title" || ' ' || "description") STORED NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunities_kind_check" CHECK ("commerce"."opportunities"."kind" IN ('SUPPLY', 'DEMAND', 'COOPERATION', 'INVESTMENT')),
	CONSTRAINT "opportunities_status_check" CHECK ("commerce"."opportunities"."status" IN ('PENDING', 'PUBLISHED', 'REJECTED', 'CLOSED'))
);
--> statement-breakpoint
CREATE TABLE "commerce"."opportunity_events" (
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
CREATE TABLE "commerce"."outbox" (
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
CREATE TABLE "commerce"."parks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"level_rank" smallint GENERATED ALWAYS AS (CASE "level" WHEN 'NATIONAL' THEN 1 WHEN 'PROVINCIAL' THEN 2 WHEN 'CITY' THEN 3 ELSE 4 END) STORED NOT NULL,
	"area_hectares" numeric(12, 2) NOT NULL,
	"leading_industries" text[] DEFAULT '{}' NOT NULL,
	"address" text NOT NULL,
	"description" text NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parks_name_unique" UNIQUE("name"),
	CONSTRAINT "parks_level_check" CHECK ("commerce"."parks"."level" IN ('NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY'))
);
--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD CONSTRAINT "opportunities_park_id_parks_id_fk" FOREIGN KEY ("park_id") REFERENCES "commerce"."parks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "financing_need_events_subject_id_id_index" ON "commerce"."financing_need_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "financing_needs_enterprise_code_created_at_id_index" ON "commerce"."financing_needs" USING btree ("enterprise_code","created_at","id");--> statement-breakpoint
CREATE INDEX "financing_needs_county_code_status_created_at_index" ON "commerce"."financing_needs" USING btree ("county_code","status","created_at");--> statement-breakpoint
CREATE INDEX "opportunities_status_created_at_id_index" ON "commerce"."opportunities" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_enterprise_code_created_at_id_index" ON "commerce"."opportunities" USING btree ("enterprise_code","created_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_county_code_status_index" ON "commerce"."opportunities" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "opportunities_search_trgm" ON "commerce"."opportunities" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "opportunity_events_subject_id_id_index" ON "commerce"."opportunity_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "commerce"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "parks_county_code_index" ON "commerce"."parks" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "parks_level_rank_name_id_index" ON "commerce"."parks" USING btree ("level_rank","name","id");