CREATE TABLE "commerce"."job_runs" (
	"job" text NOT NULL,
	"slot" text NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" jsonb,
	CONSTRAINT "job_runs_job_slot_pk" PRIMARY KEY("job","slot")
);
--> statement-breakpoint
CREATE TABLE "commerce"."sms_log" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"template" text NOT NULL,
	"params" jsonb NOT NULL,
	"text" text NOT NULL,
	"provider" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commerce"."outbox" ADD COLUMN "channel" text DEFAULT 'inbox' NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."outbox" ADD COLUMN "county_code" text;--> statement-breakpoint
ALTER TABLE "commerce"."outbox" ADD COLUMN "status" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."outbox" ADD COLUMN "generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."outbox" ADD COLUMN "enqueued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."outbox" ADD COLUMN "dead_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_status_enqueued_at_id_index" ON "commerce"."outbox" USING btree ("status","enqueued_at","id");--> statement-breakpoint
CREATE INDEX "outbox_county_code_id_index" ON "commerce"."outbox" USING btree ("county_code","id");