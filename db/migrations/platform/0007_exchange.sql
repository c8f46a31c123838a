CREATE TABLE "platform"."exchange_clients" (
	"client_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"registered_by" text NOT NULL,
	"registered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "platform"."exchange_pushes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"event_id" text,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"result" text NOT NULL,
	"error_code" text,
	"error_reason" text,
	"error_field" text,
	"message" text,
	"case_id" uuid,
	"department_code" text,
	"county_code" text,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."exchange_receipts" (
	"client_id" text NOT NULL,
	"event_id" text NOT NULL,
	"kind" text NOT NULL,
	"result" text NOT NULL,
	"case_id" uuid,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_receipts_client_id_event_id_pk" PRIMARY KEY("client_id","event_id")
);
--> statement-breakpoint
CREATE INDEX "exchange_pushes_client_id_id_index" ON "platform"."exchange_pushes" USING btree ("client_id","id");--> statement-breakpoint
CREATE INDEX "exchange_pushes_county_code_id_index" ON "platform"."exchange_pushes" USING btree ("county_code","id");