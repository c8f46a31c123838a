CREATE TABLE "commerce"."bank_product_events" (
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
CREATE TABLE "commerce"."bank_product_versions" (
	"subject_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"actor" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_product_versions_subject_id_version_pk" PRIMARY KEY("subject_id","version")
);
--> statement-breakpoint
CREATE TABLE "commerce"."bank_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"rate_min" numeric(5, 2) NOT NULL,
	"rate_max" numeric(5, 2) NOT NULL,
	"term_min_months" integer NOT NULL,
	"term_max_months" integer NOT NULL,
	"amount_min" numeric(16, 2) NOT NULL,
	"amount_max" numeric(16, 2) NOT NULL,
	"eligible_industries" text[] DEFAULT '{}' NOT NULL,
	"eligible_scales" text[] DEFAULT '{}' NOT NULL,
	"eligible_counties" text[] DEFAULT '{}' NOT NULL,
	"accepted_guarantees" text[] DEFAULT '{}' NOT NULL,
	"min_years_in_business" integer,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"created_by" text NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	"reviewed_at" timestamp (3) with time zone,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"review_note" text,
	"published_at" timestamp (3) with time zone,
	"expires_on" date,
	"expired_at" timestamp (3) with time zone,
	"withdrawn_at" timestamp (3) with time zone,
	"revised_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_products_status_check" CHECK ("commerce"."bank_products"."status" IN ('DRAFT', 'PENDING', 'PUBLISHED', 'REJECTED', 'EXPIRED', 'WITHDRAWN')),
	CONSTRAINT "bank_products_rate_check" CHECK ("commerce"."bank_products"."rate_min" > 0 AND "commerce"."bank_products"."rate_min" <= "commerce"."bank_products"."rate_max"),
	CONSTRAINT "bank_products_term_check" CHECK ("commerce"."bank_products"."term_min_months" >= 1 AND "commerce"."bank_products"."term_min_months" <= "commerce"."bank_products"."term_max_months"),
	CONSTRAINT "bank_products_amount_check" CHECK ("commerce"."bank_products"."amount_min" > 0 AND "commerce"."bank_products"."amount_min" <= "commerce"."bank_products"."amount_max")
);
--> statement-breakpoint
CREATE TABLE "commerce"."financial_institutions" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"hotline" text NOT NULL,
	"created_by" text NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "financial_institutions_name_unique" UNIQUE("name"),
	CONSTRAINT "financial_institutions_kind_check" CHECK ("commerce"."financial_institutions"."kind" IN ('BANK', 'RURAL_BANK', 'GUARANTEE', 'MICROLOAN', 'LEASING'))
);
--> statement-breakpoint
CREATE TABLE "commerce"."financing_application_events" (
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
CREATE TABLE "commerce"."financing_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"need_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"institution_code" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"amount" numeric(16, 2) NOT NULL,
	"term_months" integer NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp (3) with time zone,
	"answered_by" text,
	"answer_note" text,
	"approved_amount" numeric(16, 2),
	"approved_rate" numeric(5, 2),
	"approved_term_months" integer,
	"disbursed_at" timestamp (3) with time zone,
	"disbursed_amount" numeric(16, 2),
	"withdrawn_at" timestamp (3) with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "financing_applications_status_check" CHECK ("commerce"."financing_applications"."status" IN ('SUBMITTED', 'APPROVED', 'DECLINED', 'DISBURSED', 'WITHDRAWN')),
	CONSTRAINT "financing_applications_amount_check" CHECK ("commerce"."financing_applications"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "commerce"."investment_project_events" (
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
CREATE TABLE "commerce"."investment_project_versions" (
	"subject_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"actor" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "investment_project_versions_subject_id_version_pk" PRIMARY KEY("subject_id","version")
);
--> statement-breakpoint
CREATE TABLE "commerce"."investment_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"industry_code" text NOT NULL,
	"park_id" uuid,
	"address" text NOT NULL,
	"investment_amount" numeric(16, 2) NOT NULL,
	"stage" text NOT NULL,
	"description" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"created_by" text NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"review_note" text,
	"published_at" timestamp (3) with time zone,
	"expires_on" date,
	"expired_at" timestamp (3) with time zone,
	"withdrawn_at" timestamp (3) with time zone,
	"revised_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "investment_projects_stage_check" CHECK ("commerce"."investment_projects"."stage" IN ('PLANNING', 'FEASIBILITY', 'APPROVED', 'NEGOTIATING', 'SIGNED')),
	CONSTRAINT "investment_projects_status_check" CHECK ("commerce"."investment_projects"."status" IN ('DRAFT', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN')),
	CONSTRAINT "investment_projects_amount_check" CHECK ("commerce"."investment_projects"."investment_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "commerce"."opportunity_interests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"owner_code" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"message" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"created_by" text NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commerce"."opportunity_versions" (
	"subject_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"actor" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunity_versions_subject_id_version_pk" PRIMARY KEY("subject_id","version")
);
--> statement-breakpoint
CREATE TABLE "commerce"."park_events" (
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
CREATE TABLE "commerce"."park_versions" (
	"subject_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"actor" text NOT NULL,
	"actor_role" text NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "park_versions_subject_id_version_pk" PRIMARY KEY("subject_id","version")
);
--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" DROP CONSTRAINT "opportunities_kind_check";--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" DROP CONSTRAINT "opportunities_status_check";--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ALTER COLUMN "status" SET DEFAULT 'DRAFT';--> statement-breakpoint
ALTER TABLE "commerce"."financing_needs" ADD COLUMN "matched_product_id" uuid;--> statement-breakpoint
ALTER TABLE "commerce"."financing_needs" ADD COLUMN "matched_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."financing_needs" ADD COLUMN "funded_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."financing_needs" ADD COLUMN "closed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD COLUMN "submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD COLUMN "reviewed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD COLUMN "expired_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD COLUMN "withdrawn_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."opportunities" ADD COLUMN "revised_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "created_by" text DEFAULT 'seed' NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "status" text DEFAULT 'DRAFT' NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "review_note" text;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "published_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "expires_on" date;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "expired_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "withdrawn_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD COLUMN "revised_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "commerce"."bank_products" ADD CONSTRAINT "bank_products_institution_code_financial_institutions_credit_code_fk" FOREIGN KEY ("institution_code") REFERENCES "commerce"."financial_institutions"("credit_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce"."financing_applications" ADD CONSTRAINT "financing_applications_need_id_financing_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "commerce"."financing_needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce"."financing_applications" ADD CONSTRAINT "financing_applications_product_id_bank_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "commerce"."bank_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce"."financing_applications" ADD CONSTRAINT "financing_applications_institution_code_financial_institutions_credit_code_fk" FOREIGN KEY ("institution_code") REFERENCES "commerce"."financial_institutions"("credit_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce"."investment_projects" ADD CONSTRAINT "investment_projects_park_id_parks_id_fk" FOREIGN KEY ("park_id") REFERENCES "commerce"."parks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce"."opportunity_interests" ADD CONSTRAINT "opportunity_interests_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "commerce"."opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bank_product_events_subject_id_id_index" ON "commerce"."bank_product_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "bank_products_status_created_at_id_index" ON "commerce"."bank_products" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "bank_products_institution_code_index" ON "commerce"."bank_products" USING btree ("institution_code");--> statement-breakpoint
CREATE INDEX "bank_products_county_code_status_index" ON "commerce"."bank_products" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "financing_application_events_subject_id_id_index" ON "commerce"."financing_application_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "financing_applications_need_id_created_at_id_index" ON "commerce"."financing_applications" USING btree ("need_id","created_at","id");--> statement-breakpoint
CREATE INDEX "financing_applications_institution_code_created_at_id_index" ON "commerce"."financing_applications" USING btree ("institution_code","created_at","id");--> statement-breakpoint
CREATE INDEX "financing_applications_enterprise_code_created_at_id_index" ON "commerce"."financing_applications" USING btree ("enterprise_code","created_at","id");--> statement-breakpoint
CREATE INDEX "financing_applications_created_at_id_index" ON "commerce"."financing_applications" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "financing_applications_active_unique" ON "commerce"."financing_applications" USING btree ("need_id","product_id") WHERE "commerce"."financing_applications"."status" IN ('SUBMITTED', 'APPROVED');--> statement-breakpoint
CREATE INDEX "investment_project_events_subject_id_id_index" ON "commerce"."investment_project_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "investment_projects_status_created_at_id_index" ON "commerce"."investment_projects" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "investment_projects_county_code_status_index" ON "commerce"."investment_projects" USING btree ("county_code","status");--> statement-breakpoint
CREATE INDEX "investment_projects_park_id_index" ON "commerce"."investment_projects" USING btree ("park_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opportunity_interests_opportunity_id_enterprise_code_index" ON "commerce"."opportunity_interests" USING btree ("opportunity_id","enterprise_code");--> statement-breakpoint
CREATE INDEX "opportunity_interests_opportunity_id_created_at_id_index" ON "commerce"."opportunity_interests" USING btree ("opportunity_id","created_at","id");--> statement-breakpoint
CREATE INDEX "opportunity_interests_enterprise_code_index" ON "commerce"."opportunity_interests" USING btree ("enterprise_code");--> statement-breakpoint
CREATE INDEX "park_events_subject_id_id_index" ON "commerce"."park_events" USING btree ("subject_id","id");--> statement-breakpoint
ALTER TABLE "commerce"."financing_needs" ADD CONSTRAINT "financing_needs_matched_product_id_bank_products_id_fk" FOREIGN KEY ("matched_product_id") REFERENCES "commerce"."bank_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opportunities_status_expires_on_index" ON "commerce"."opportunities" USING btree ("status","expires_on");--> statement-breakpoint
CREATE INDEX "parks_status_expires_on_index" ON "commerce"."parks" USING btree ("status","expires_on");--> statement-breakpoint
ALTER TABLE "commerce"."parks" ADD CONSTRAINT "parks_status_check" CHECK ("commerce"."parks"."status" IN ('DRAFT', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN'));