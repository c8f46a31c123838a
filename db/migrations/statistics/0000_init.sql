CREATE SCHEMA "statistics";
--> statement-breakpoint
CREATE TABLE "statistics"."above_scale" (
	"enterprise_code" text NOT NULL,
	"category" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "above_scale_enterprise_code_category_since_pk" PRIMARY KEY("enterprise_code","category","since"),
	CONSTRAINT "above_scale_category_check" CHECK ("statistics"."above_scale"."category" in ('INDUSTRY', 'CONSTRUCTION', 'WHOLESALE_RETAIL', 'ACCOMMODATION_CATERING', 'SERVICES', 'REAL_ESTATE')),
	CONSTRAINT "above_scale_period_check" CHECK ("statistics"."above_scale"."until" is null or "statistics"."above_scale"."until" >= "statistics"."above_scale"."since")
);
--> statement-breakpoint
CREATE TABLE "statistics"."outbox" (
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
CREATE TABLE "statistics"."report_events" (
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
CREATE TABLE "statistics"."reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"form_code" text NOT NULL,
	"category" text NOT NULL,
	"period" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"status" text NOT NULL,
	"revenue" numeric(16, 2),
	"output_value" numeric(16, 2),
	"employees" integer,
	"preparer_name" text,
	"preparer_phone" text,
	"submitted_at" timestamp with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_enterpriseCode_formCode_period_version_unique" UNIQUE("enterprise_code","form_code","period","version"),
	CONSTRAINT "reports_status_check" CHECK ("statistics"."reports"."status" in ('DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED')),
	CONSTRAINT "reports_category_check" CHECK ("statistics"."reports"."category" in ('INDUSTRY', 'CONSTRUCTION', 'WHOLESALE_RETAIL', 'ACCOMMODATION_CATERING', 'SERVICES', 'REAL_ESTATE')),
	CONSTRAINT "reports_period_check" CHECK ("statistics"."reports"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "reports_version_check" CHECK ("statistics"."reports"."version" >= 1),
	CONSTRAINT "reports_figures_check" CHECK (coalesce("statistics"."reports"."revenue", 0) >= 0 and coalesce("statistics"."reports"."output_value", 0) >= 0 and coalesce("statistics"."reports"."employees", 0) >= 0)
);
--> statement-breakpoint
CREATE INDEX "above_scale_county_code_category_index" ON "statistics"."above_scale" USING btree ("county_code","category");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "statistics"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "report_events_subject_id_id_index" ON "statistics"."report_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_current_unique" ON "statistics"."reports" USING btree ("enterprise_code","form_code","period") WHERE "statistics"."reports"."current";--> statement-breakpoint
CREATE INDEX "reports_enterprise_code_period_id_index" ON "statistics"."reports" USING btree ("enterprise_code","period","id");--> statement-breakpoint
CREATE INDEX "reports_period_id_index" ON "statistics"."reports" USING btree ("period","id");--> statement-breakpoint
CREATE INDEX "reports_county_code_period_index" ON "statistics"."reports" USING btree ("county_code","period");