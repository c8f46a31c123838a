CREATE TABLE "statistics"."register_change_events" (
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
CREATE TABLE "statistics"."register_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"category" text NOT NULL,
	"year" integer NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"industry_code" text NOT NULL,
	"measure" text NOT NULL,
	"figure" numeric(16, 2),
	"threshold_id" uuid NOT NULL,
	"minimum" numeric(12, 2),
	"threshold_valid_from" date NOT NULL,
	"effective_on" date NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"overridden_at" timestamp with time zone,
	"decided_by" text,
	"decision_reason" text,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "register_changes_enterpriseCode_category_year_direction_unique" UNIQUE("enterprise_code","category","year","direction"),
	CONSTRAINT "register_changes_status_check" CHECK ("statistics"."register_changes"."status" in ('PROPOSED', 'CONFIRMED', 'OVERRIDDEN')),
	CONSTRAINT "register_changes_direction_check" CHECK ("statistics"."register_changes"."direction" in ('ENTER', 'EXIT')),
	CONSTRAINT "register_changes_category_check" CHECK ("statistics"."register_changes"."category" in ('INDUSTRY', 'CONSTRUCTION', 'WHOLESALE_RETAIL', 'ACCOMMODATION_CATERING', 'SERVICES', 'REAL_ESTATE'))
);
--> statement-breakpoint
CREATE TABLE "statistics"."scale_thresholds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category" text NOT NULL,
	"industry_prefix" text NOT NULL,
	"measure" text NOT NULL,
	"minimum" numeric(12, 2),
	"valid_from" date NOT NULL,
	"basis" text NOT NULL,
	"set_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scale_thresholds_industryPrefix_validFrom_unique" UNIQUE("industry_prefix","valid_from"),
	CONSTRAINT "scale_thresholds_category_check" CHECK ("statistics"."scale_thresholds"."category" in ('INDUSTRY', 'CONSTRUCTION', 'WHOLESALE_RETAIL', 'ACCOMMODATION_CATERING', 'SERVICES', 'REAL_ESTATE')),
	CONSTRAINT "scale_thresholds_measure_check" CHECK ("statistics"."scale_thresholds"."measure" in ('MAIN_BUSINESS_REVENUE', 'REVENUE', 'QUALIFICATION', 'ALL')),
	CONSTRAINT "scale_thresholds_prefix_check" CHECK ("statistics"."scale_thresholds"."industry_prefix" ~ '^[A-T][0-9]{0,4}$'),
	CONSTRAINT "scale_thresholds_minimum_check" CHECK (("statistics"."scale_thresholds"."measure" in ('QUALIFICATION', 'ALL')) = ("statistics"."scale_thresholds"."minimum" is null) and coalesce("statistics"."scale_thresholds"."minimum", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "statistics"."units" (
	"enterprise_code" text PRIMARY KEY NOT NULL,
	"industry_code" text NOT NULL,
	"qualification" text,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_industry_check" CHECK ("statistics"."units"."industry_code" ~ '^[A-T][0-9]{4}$'),
	CONSTRAINT "units_qualification_check" CHECK ("statistics"."units"."qualification" is null or "statistics"."units"."qualification" in ('GENERAL', 'SPECIALISED'))
);
--> statement-breakpoint
ALTER TABLE "statistics"."above_scale" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "statistics"."above_scale" ADD COLUMN "exit_reason" text;--> statement-breakpoint
CREATE INDEX "register_change_events_subject_id_id_index" ON "statistics"."register_change_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "register_changes_year_status_id_index" ON "statistics"."register_changes" USING btree ("year","status","id");--> statement-breakpoint
CREATE INDEX "register_changes_county_code_year_index" ON "statistics"."register_changes" USING btree ("county_code","year");--> statement-breakpoint
CREATE INDEX "units_county_code_index" ON "statistics"."units" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "units_industry_code_index" ON "statistics"."units" USING btree ("industry_code");