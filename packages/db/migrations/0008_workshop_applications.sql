CREATE TYPE "public"."workshop_application_status" AS ENUM('pending', 'accepted', 'declined', 'withdrawn');--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workshop_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"preferred_dates" jsonb NOT NULL,
	"partner_municipality_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"expected_participants" integer NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"contact_phone" text,
	"note" text DEFAULT '' NOT NULL,
	"status" "workshop_application_status" DEFAULT 'pending' NOT NULL,
	"decline_reason" text,
	"workshop_id" uuid,
	"created_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_applications_participants_check" CHECK ("workshop_applications"."expected_participants" between 1 and 500),
	CONSTRAINT "workshop_applications_dates_check" CHECK (jsonb_typeof("workshop_applications"."preferred_dates") = 'array' and jsonb_array_length("workshop_applications"."preferred_dates") between 1 and 3),
	CONSTRAINT "workshop_applications_decision_check" CHECK (("workshop_applications"."status" = 'accepted') = ("workshop_applications"."workshop_id" is not null) and ("workshop_applications"."status" = 'declined') = ("workshop_applications"."decline_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_applications" ADD CONSTRAINT "workshop_applications_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_applications" ADD CONSTRAINT "workshop_applications_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_applications" ADD CONSTRAINT "workshop_applications_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "workshop_applications_municipality_idx" ON "workshop_applications" USING btree ("municipality_id","id");--> statement-breakpoint
CREATE INDEX "workshop_applications_status_idx" ON "workshop_applications" USING btree ("status","id");