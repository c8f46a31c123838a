CREATE TABLE "policies"."assignment_events" (
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
CREATE TABLE "policies"."official_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"official_id" uuid NOT NULL,
	"official_user_id" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"status" text NOT NULL,
	"assigned_at" timestamp (3) with time zone NOT NULL,
	"assigned_by" text NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"end_reason" text,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "official_assignments_status_check" CHECK ("policies"."official_assignments"."status" in ('ACTIVE', 'ENDED'))
);
--> statement-breakpoint
CREATE TABLE "policies"."service_officials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"position" text NOT NULL,
	"phone" text NOT NULL,
	"registered_by" text NOT NULL,
	"registered_at" timestamp (3) with time zone NOT NULL,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "service_officials_userId_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "policies"."visit_events" (
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
CREATE TABLE "policies"."visit_problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visit_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"raising_at" timestamp (3) with time zone,
	"matter_id" uuid,
	"matter_reference" text,
	"raised_at" timestamp (3) with time zone,
	"raised_by" text
);
--> statement-breakpoint
CREATE TABLE "policies"."visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"official_id" uuid NOT NULL,
	"official_user_id" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"visited_at" timestamp (3) with time zone NOT NULL,
	"met_with" text NOT NULL,
	"notes" text NOT NULL,
	"status" text NOT NULL,
	"recorded_at" timestamp (3) with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"followed_up_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"close_note" text,
	"department_code" text NOT NULL,
	"county_code" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "visits_status_check" CHECK ("policies"."visits"."status" in ('RECORDED', 'FOLLOWING_UP', 'CLOSED'))
);
--> statement-breakpoint
ALTER TABLE "policies"."official_assignments" ADD CONSTRAINT "official_assignments_official_id_service_officials_id_fk" FOREIGN KEY ("official_id") REFERENCES "policies"."service_officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies"."visit_problems" ADD CONSTRAINT "visit_problems_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "policies"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies"."visits" ADD CONSTRAINT "visits_assignment_id_official_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "policies"."official_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies"."visits" ADD CONSTRAINT "visits_official_id_service_officials_id_fk" FOREIGN KEY ("official_id") REFERENCES "policies"."service_officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_events_subject_id_id_index" ON "policies"."assignment_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "official_assignments_active_unique" ON "policies"."official_assignments" USING btree ("official_id","enterprise_code") WHERE "policies"."official_assignments"."status" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "official_assignments_enterprise_code_status_index" ON "policies"."official_assignments" USING btree ("enterprise_code","status");--> statement-breakpoint
CREATE INDEX "official_assignments_official_user_id_index" ON "policies"."official_assignments" USING btree ("official_user_id");--> statement-breakpoint
CREATE INDEX "official_assignments_county_code_assigned_at_index" ON "policies"."official_assignments" USING btree ("county_code","assigned_at");--> statement-breakpoint
CREATE INDEX "service_officials_county_code_department_code_index" ON "policies"."service_officials" USING btree ("county_code","department_code");--> statement-breakpoint
CREATE INDEX "visit_events_subject_id_id_index" ON "policies"."visit_events" USING btree ("subject_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_problems_visit_id_position_index" ON "policies"."visit_problems" USING btree ("visit_id","position");--> statement-breakpoint
CREATE INDEX "visit_problems_raised_at_index" ON "policies"."visit_problems" USING btree ("raised_at");--> statement-breakpoint
CREATE INDEX "visits_enterprise_code_visited_at_index" ON "policies"."visits" USING btree ("enterprise_code","visited_at");--> statement-breakpoint
CREATE INDEX "visits_official_id_visited_at_index" ON "policies"."visits" USING btree ("official_id","visited_at");--> statement-breakpoint
CREATE INDEX "visits_official_user_id_index" ON "policies"."visits" USING btree ("official_user_id");--> statement-breakpoint
CREATE INDEX "visits_county_code_visited_at_index" ON "policies"."visits" USING btree ("county_code","visited_at");--> statement-breakpoint
CREATE INDEX "visits_department_code_visited_at_index" ON "policies"."visits" USING btree ("department_code","visited_at");--> statement-breakpoint
CREATE INDEX "entitlements_entitled_at_index" ON "policies"."entitlements" USING btree ("entitled_at");--> statement-breakpoint
CREATE INDEX "entitlements_declined_at_index" ON "policies"."entitlements" USING btree ("declined_at");--> statement-breakpoint
CREATE INDEX "policies_published_at_index" ON "policies"."policies" USING btree ("published_at");