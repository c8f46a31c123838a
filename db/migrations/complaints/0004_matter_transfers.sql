CREATE TABLE "complaints"."matter_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matter_id" uuid NOT NULL,
	"from_department_code" text NOT NULL,
	"from_county_code" text NOT NULL,
	"proposed_department_code" text NOT NULL,
	"proposed_county_code" text NOT NULL,
	"reason" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" text NOT NULL,
	"outcome" text DEFAULT 'PENDING' NOT NULL,
	"to_department_code" text,
	"to_county_code" text,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"decision_note" text,
	CONSTRAINT "matter_transfers_matterId_unique" UNIQUE("matter_id")
);
--> statement-breakpoint
CREATE INDEX "matter_transfers_from_department_code_from_county_code_requested_at_index" ON "complaints"."matter_transfers" USING btree ("from_department_code","from_county_code","requested_at");--> statement-breakpoint
CREATE INDEX "matter_transfers_to_department_code_to_county_code_decided_at_index" ON "complaints"."matter_transfers" USING btree ("to_department_code","to_county_code","decided_at");--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_from_department_code";--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_from_county_code";--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_to_department_code";--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_to_county_code";--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_reason";--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_requested_at";--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_approved";--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_decided_at";--> statement-breakpoint
ALTER TABLE "complaints"."matters" DROP COLUMN "transfer_decision_note";