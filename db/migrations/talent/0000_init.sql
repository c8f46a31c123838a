CREATE SCHEMA "talent";
--> statement-breakpoint
CREATE TABLE "talent"."job_postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_code" text NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"headcount" integer NOT NULL,
	"salary_min" integer NOT NULL,
	"salary_max" integer NOT NULL,
	"education" text NOT NULL,
	"description" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"status" text NOT NULL,
	"published_at" timestamp with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent"."outbox" (
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
CREATE TABLE "talent"."talent_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_postings_status_published_at_id_index" ON "talent"."job_postings" USING btree ("status","published_at","id");--> statement-breakpoint
CREATE INDEX "job_postings_enterprise_code_published_at_id_index" ON "talent"."job_postings" USING btree ("enterprise_code","published_at","id");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "talent"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "talent_policies_published_at_id_index" ON "talent"."talent_policies" USING btree ("published_at","id");