ALTER TABLE "statistics"."reports" DROP CONSTRAINT "reports_figures_check";--> statement-breakpoint
ALTER TABLE "statistics"."reports" ADD COLUMN "main_business_revenue" numeric(16, 2);--> statement-breakpoint
ALTER TABLE "statistics"."reports" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "statistics"."reports" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "statistics"."reports" ADD COLUMN "return_reasons" jsonb;--> statement-breakpoint
ALTER TABLE "statistics"."reports" ADD COLUMN "warnings" jsonb;--> statement-breakpoint
ALTER TABLE "statistics"."reports" ADD COLUMN "explanation" text;--> statement-breakpoint
ALTER TABLE "statistics"."reports" ADD COLUMN "correction_reason" text;--> statement-breakpoint
ALTER TABLE "statistics"."reports" ADD CONSTRAINT "reports_figures_check" CHECK (coalesce("statistics"."reports"."revenue", 0) >= 0 and coalesce("statistics"."reports"."output_value", 0) >= 0 and coalesce("statistics"."reports"."employees", 0) >= 0 and coalesce("statistics"."reports"."main_business_revenue", 0) >= 0);