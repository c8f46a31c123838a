ALTER TABLE "platform"."exchange_pushes" ADD COLUMN "application_id" uuid;--> statement-breakpoint
ALTER TABLE "platform"."exchange_receipts" ADD COLUMN "application_id" uuid;