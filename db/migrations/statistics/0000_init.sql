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
	CONSTRAINT "above_scale_enterprise_code_category_since_pk" PRIMARY KEY("enterprise_code","category","since")
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
	"period" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"status" text NOT NULL,
	"revenue" numeric(16, 2),
	"output_value" numeric(16, 2),
	"employees" integer,
	"submitted_at" timestamp with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_enterpriseCode_formCode_period_version_unique" UNIQUE("enterprise_code","form_code","period","version")
);
--> statement-breakpoint
CREATE INDEX "above_scale_county_code_category_index" ON "statistics"."above_scale" USING btree ("county_code","category");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "statistics"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "report_events_subject_id_id_index" ON "statistics"."report_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "reports_enterprise_code_period_id_index" ON "statistics"."reports" USING btree ("enterprise_code","period","id");--> statement-breakpoint
CREATE INDEX "reports_department_code_county_code_period_index" ON "statistics"."reports" USING btree ("department_code","county_code","period");