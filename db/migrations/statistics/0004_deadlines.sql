CREATE TABLE "statistics"."reporting_calendar" (
	"form_code" text NOT NULL,
	"period" text NOT NULL,
	"opens_on" date NOT NULL,
	"due_on" date NOT NULL,
	"exempt" boolean DEFAULT false NOT NULL,
	"set_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporting_calendar_form_code_period_pk" PRIMARY KEY("form_code","period"),
	CONSTRAINT "reporting_calendar_period_check" CHECK ("statistics"."reporting_calendar"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "reporting_calendar_days_check" CHECK ("statistics"."reporting_calendar"."due_on" >= "statistics"."reporting_calendar"."opens_on")
);
