CREATE TABLE "platform"."evaluation_measure_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner" text NOT NULL,
	"valid_from" text NOT NULL,
	"measures" jsonb NOT NULL,
	"settings" jsonb,
	"note" text,
	"defined_by" text NOT NULL,
	"defined_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."evaluation_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"version" integer NOT NULL,
	"trigger" text NOT NULL,
	"reason" text,
	"generated_by" text NOT NULL,
	"generated_at" timestamp (3) with time zone NOT NULL,
	"inputs" jsonb NOT NULL,
	"results" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "evaluation_measure_sets_owner_valid_from_defined_at_index" ON "platform"."evaluation_measure_sets" USING btree ("owner","valid_from","defined_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_reports_month_version_index" ON "platform"."evaluation_reports" USING btree ("month","version");