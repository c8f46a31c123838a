CREATE TABLE "platform"."calendar_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text
);
--> statement-breakpoint
CREATE TABLE "platform"."job_runs" (
	"job" text NOT NULL,
	"slot" text NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" jsonb,
	CONSTRAINT "job_runs_job_slot_pk" PRIMARY KEY("job","slot")
);
--> statement-breakpoint
CREATE TABLE "platform"."message_reads" (
	"message_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_reads_user_id_message_id_pk" PRIMARY KEY("user_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "platform"."messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"source" text NOT NULL,
	"topic" text NOT NULL,
	"enterprise_code" text,
	"user_id" text,
	"department_code" text,
	"county_code" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"data" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_idempotencyKey_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "platform"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"channel" text DEFAULT 'inbox' NOT NULL,
	"county_code" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"enqueued_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"dead_at" timestamp with time zone,
	CONSTRAINT "outbox_idempotencyKey_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "platform"."sms_log" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"template" text NOT NULL,
	"params" jsonb NOT NULL,
	"text" text NOT NULL,
	"provider" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "calendar_days_year_index" ON "platform"."calendar_days" USING btree ("year");--> statement-breakpoint
CREATE INDEX "messages_enterprise_code_created_at_id_index" ON "platform"."messages" USING btree ("enterprise_code","created_at","id");--> statement-breakpoint
CREATE INDEX "messages_user_id_created_at_id_index" ON "platform"."messages" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "messages_department_code_county_code_created_at_id_index" ON "platform"."messages" USING btree ("department_code","county_code","created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "platform"."outbox" USING btree ("delivered_at","id");--> statement-breakpoint
CREATE INDEX "outbox_status_enqueued_at_id_index" ON "platform"."outbox" USING btree ("status","enqueued_at","id");--> statement-breakpoint
CREATE INDEX "outbox_county_code_id_index" ON "platform"."outbox" USING btree ("county_code","id");