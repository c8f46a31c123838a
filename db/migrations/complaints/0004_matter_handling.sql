ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_proposed_department_code" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "transfer_proposed_county_code" text;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "follow_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints"."matters" ADD COLUMN "last_followed_at" timestamp with time zone;