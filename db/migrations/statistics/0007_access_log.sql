CREATE TABLE "statistics"."personal_data_accesses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_sub" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_dept" text,
	"actor_county" text,
	"entity_type" text NOT NULL,
	"entity_key" text NOT NULL,
	"field" text NOT NULL,
	"county_code" text,
	"request_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "personal_data_accesses_county_code_id_index" ON "statistics"."personal_data_accesses" USING btree ("county_code","id");--> statement-breakpoint
CREATE INDEX "personal_data_accesses_entity_type_entity_key_index" ON "statistics"."personal_data_accesses" USING btree ("entity_type","entity_key");