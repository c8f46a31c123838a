CREATE SCHEMA "platform";
--> statement-breakpoint
CREATE TABLE "platform"."counties" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."departments" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."enterprises" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"legal_representative" text NOT NULL,
	"contact_phone" text,
	"county_code" text NOT NULL,
	"industry_code" text NOT NULL,
	"scale" text NOT NULL,
	"registered_capital" numeric(16, 2) NOT NULL,
	"established_on" date NOT NULL,
	"address" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platform"."enterprises" ADD CONSTRAINT "enterprises_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "platform"."counties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enterprises_county_code_credit_code_index" ON "platform"."enterprises" USING btree ("county_code","credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_industry_code_credit_code_index" ON "platform"."enterprises" USING btree ("industry_code","credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_name_trgm" ON "platform"."enterprises" USING gin ("name" gin_trgm_ops);