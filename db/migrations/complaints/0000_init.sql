CREATE SCHEMA "complaints";
--> statement-breakpoint
CREATE TABLE "complaints"."matter_events" (
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
CREATE TABLE "complaints"."matters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference_no" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"status" text NOT NULL,
	"first_acceptor_department_code" text,
	"first_acceptor_county_code" text,
	"clock_profile" text NOT NULL,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"sign_due_at" timestamp with time zone NOT NULL,
	"reply_due_at" timestamp with time zone NOT NULL,
	"resolve_due_at" timestamp with time zone NOT NULL,
	"report_due_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"satisfaction" integer,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matters_referenceNo_unique" UNIQUE("reference_no")
);
--> statement-breakpoint
CREATE TABLE "complaints"."outbox" (
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
CREATE TABLE "complaints"."reference_counters" (
	"prefix" text NOT NULL,
	"day" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "reference_counters_prefix_day_pk" PRIMARY KEY("prefix","day")
);
--> statement-breakpoint
CREATE INDEX "matter_events_subject_id_id_index" ON "complaints"."matter_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "matters_enterprise_code_submitted_at_id_index" ON "complaints"."matters" USING btree ("enterprise_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "matters_county_code_submitted_at_id_index" ON "complaints"."matters" USING btree ("county_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "matters_department_code_county_code_submitted_at_id_index" ON "complaints"."matters" USING btree ("department_code","county_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "matters_submitted_at_id_index" ON "complaints"."matters" USING btree ("submitted_at","id");--> statement-breakpoint
CREATE INDEX "outbox_delivered_at_id_index" ON "complaints"."outbox" USING btree ("delivered_at","id");