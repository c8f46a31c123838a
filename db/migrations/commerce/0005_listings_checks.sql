ALTER TABLE "commerce"."opportunities" DROP CONSTRAINT "opportunities_park_id_parks_id_fk";
--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ALTER COLUMN "enterprise_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" DROP COLUMN "investment_amount";--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" DROP COLUMN "park_id";--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD CONSTRAINT "opportunities_kind_check" CHECK ("commerce"."opportunities"."kind" IN ('SUPPLY', 'DEMAND', 'COOPERATION'));--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD CONSTRAINT "opportunities_status_check" CHECK ("commerce"."opportunities"."status" IN ('PENDING', 'PUBLISHED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'));