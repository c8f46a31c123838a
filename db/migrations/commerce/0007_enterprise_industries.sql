CREATE TABLE "commerce"."enterprise_industries" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"industry_code" text NOT NULL,
	"unit_industry_code" text,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "enterprise_industries_county_code_index" ON "commerce"."enterprise_industries" USING btree ("county_code");