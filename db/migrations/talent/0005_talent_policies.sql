CREATE TABLE "talent"."talent_policy_events" (
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
CREATE TABLE "talent"."talent_policy_versions" (
	"subject_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"actor" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "talent_policy_versions_subject_id_version_pk" PRIMARY KEY("subject_id","version")
);
--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ALTER COLUMN "published_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ALTER COLUMN "created_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ALTER COLUMN "updated_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ALTER COLUMN "updated_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "status" text DEFAULT 'DRAFT' NOT NULL;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "issued_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "revised_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "expires_on" date;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "expired_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "withdrawn_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "policy_id" uuid;--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD COLUMN "created_by" text DEFAULT 'hrss' NOT NULL;--> statement-breakpoint
-- Policies written before they had a life cycle were published when written: issued then, version 1 kept.
UPDATE "talent"."talent_policies"
SET "status" = 'PUBLISHED', "issued_at" = "published_at", "revised_at" = "published_at", "created_at" = "published_at";--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ALTER COLUMN "issued_at" SET NOT NULL;--> statement-breakpoint
INSERT INTO "talent"."talent_policy_versions" ("subject_id", "version", "content", "actor", "actor_role", "at")
SELECT "id", 1,
       jsonb_build_object('title', "title", 'summary', "summary", 'body', "body", 'countyCode', "county_code",
                          'issuedAt', "issued_at", 'expiresOn', "expires_on", 'policyId', "policy_id"),
       "created_by", 'staff', "published_at"
FROM "talent"."talent_policies";--> statement-breakpoint
INSERT INTO "talent"."talent_policy_events" ("subject_id", "action", "from_status", "to_status", "actor", "actor_role", "data", "at")
SELECT "id", 'PUBLISH', 'DRAFT', 'PUBLISHED', "created_by", 'staff', '{"version":1}'::jsonb, "published_at"
FROM "talent"."talent_policies";--> statement-breakpoint
CREATE INDEX "talent_policy_events_subject_id_id_index" ON "talent"."talent_policy_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "talent_policy_versions_at_index" ON "talent"."talent_policy_versions" USING btree ("at");--> statement-breakpoint
CREATE INDEX "talent_policies_status_expires_on_index" ON "talent"."talent_policies" USING btree ("status","expires_on");--> statement-breakpoint
ALTER TABLE "talent"."talent_policies" ADD CONSTRAINT "talent_policies_status_check" CHECK ("talent"."talent_policies"."status" in ('DRAFT', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN'));