CREATE TABLE "platform"."service_events" (
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
CREATE TABLE "platform"."service_versions" (
	"subject_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"actor" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_versions_subject_id_version_pk" PRIMARY KEY("subject_id","version")
);
--> statement-breakpoint
CREATE TABLE "platform"."services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"conditions" text NOT NULL,
	"materials" text[] DEFAULT '{}' NOT NULL,
	"time_limit_days" integer NOT NULL,
	"fees" text NOT NULL,
	"online_url" text,
	"office_address" text,
	"office_hours" text,
	"issues_licence" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp (3) with time zone,
	"withdrawn_at" timestamp (3) with time zone,
	"withdraw_reason" text,
	"created_by" text NOT NULL,
	"revised_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"search_bigrams" text[] GENERATED ALWAYS AS (platform.bigrams("platform"."services"."name" || chr(10) || "platform"."services"."conditions")) STORED NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_status_check" CHECK ("platform"."services"."status" in ('DRAFT', 'PUBLISHED', 'WITHDRAWN')),
	CONSTRAINT "services_time_limit_check" CHECK ("platform"."services"."time_limit_days" between 1 and 365)
);
--> statement-breakpoint
CREATE INDEX "service_events_subject_id_id_index" ON "platform"."service_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "services_search_bigrams_index" ON "platform"."services" USING gin ("search_bigrams") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "services_status_name_id_index" ON "platform"."services" USING btree ("status","name","id");--> statement-breakpoint
CREATE INDEX "services_department_code_county_code_status_index" ON "platform"."services" USING btree ("department_code","county_code","status");