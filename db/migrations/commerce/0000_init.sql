CREATE SCHEMA "commerce";
--> statement-breakpoint
CREATE TABLE "commerce"."financing_needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"purpose" text NOT NULL,
	"term_months" integer NOT NULL,
	"status" text NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commerce"."opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"industry_code" text NOT NULL,
	"enterprise_code" text,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"status" text NOT NULL,
	"published_at" timestamp with time zone,
	"expires_on" date,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
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
	"area_hectares" numeric(12, 2) NOT NULL,
	"leading_industries" text[] DEFAULT '{}' NOT NULL,
	"address" text NOT NULL,
	"description" text NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "financing_needs_enterprise_code_created_at_index" ON "commerce"."financing_needs" USING btree ("enterprise_code","created_at");--> statement-breakpoint
CREATE INDEX "financing_needs_department_code_county_code_status_index" ON "commerce"."financing_needs" USING btree ("department_code","county_code","status");--> statement-breakpoint
CREATE INDEX "opportunities_status_published_at_id_index" ON "commerce"."opportunities" USING btree ("status","published_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_enterprise_code_created_at_index" ON "commerce"."opportunities" USING btree ("enterprise_code","created_at");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "commerce"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "parks_county_code_index" ON "commerce"."parks" USING btree ("county_code");