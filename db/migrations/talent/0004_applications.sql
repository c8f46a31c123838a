CREATE TABLE "talent"."job_application_events" (
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
CREATE TABLE "talent"."job_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"posting_id" uuid NOT NULL,
	"posting_title" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"applicant_sub" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"education" text NOT NULL,
	"years_of_experience" integer NOT NULL,
	"resume" text NOT NULL,
	"status" text NOT NULL,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp (3) with time zone,
	"shortlisted_at" timestamp (3) with time zone,
	"invited_at" timestamp (3) with time zone,
	"interview_at" timestamp (3) with time zone,
	"interview_place" text,
	"rejected_at" timestamp (3) with time zone,
	"rejection_reason" text,
	"hired_at" timestamp (3) with time zone,
	"withdrawn_at" timestamp (3) with time zone,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_applications_status_check" CHECK ("talent"."job_applications"."status" in ('SUBMITTED', 'SHORTLISTED', 'INTERVIEW', 'REJECTED', 'HIRED', 'WITHDRAWN')),
	CONSTRAINT "job_applications_education_check" CHECK ("talent"."job_applications"."education" in ('ANY', 'HIGH_SCHOOL', 'JUNIOR_COLLEGE', 'BACHELOR', 'MASTER', 'DOCTORATE')),
	CONSTRAINT "job_applications_years_check" CHECK ("talent"."job_applications"."years_of_experience" >= 0 and "talent"."job_applications"."years_of_experience" <= 60)
);
--> statement-breakpoint
ALTER TABLE "talent"."job_applications" ADD CONSTRAINT "job_applications_posting_id_job_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "talent"."job_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_application_events_subject_id_id_index" ON "talent"."job_application_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE INDEX "job_applications_posting_id_created_at_id_index" ON "talent"."job_applications" USING btree ("posting_id","created_at","id");--> statement-breakpoint
CREATE INDEX "job_applications_applicant_sub_created_at_id_index" ON "talent"."job_applications" USING btree ("applicant_sub","created_at","id");--> statement-breakpoint
CREATE INDEX "job_applications_enterprise_code_created_at_id_index" ON "talent"."job_applications" USING btree ("enterprise_code","created_at","id");--> statement-breakpoint
CREATE INDEX "job_applications_county_code_answered_at_index" ON "talent"."job_applications" USING btree ("county_code","answered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_applications_one_active" ON "talent"."job_applications" USING btree ("posting_id","applicant_sub") WHERE "talent"."job_applications"."status" <> 'WITHDRAWN';