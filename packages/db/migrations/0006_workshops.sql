CREATE TYPE "public"."participant_role" AS ENUM('politics', 'administration', 'citizen', 'business', 'other');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('pending', 'confirmed', 'waitlisted', 'cancelled', 'attended');--> statement-breakpoint
CREATE TYPE "public"."workshop_format" AS ENUM('onsite', 'online');--> statement-breakpoint
CREATE TYPE "public"."workshop_status" AS ENUM('draft', 'published', 'cancelled', 'held');--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text NOT NULL,
	"role" "participant_role" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" "registration_status" NOT NULL,
	"waitlist_position" integer,
	"invitation_id" uuid,
	"confirm_token_hash" text,
	"cancel_token_hash" text,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"attended_at" timestamp with time zone,
	"anonymized_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registrations_waitlist_check" CHECK (("registrations"."status" = 'waitlisted') = ("registrations"."waitlist_position" is not null))
);
--> statement-breakpoint
CREATE TABLE "workshop_municipalities" (
	"workshop_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"seats" integer,
	"confirmed_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_municipalities_pkey" PRIMARY KEY("workshop_id","municipality_id"),
	CONSTRAINT "workshop_municipalities_seats_check" CHECK ("workshop_municipalities"."seats" >= 0),
	CONSTRAINT "workshop_municipalities_confirmed_check" CHECK ("workshop_municipalities"."confirmed_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "workshops" (
	"id" uuid PRIMARY KEY NOT NULL,
	"program_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"municipality_ids" uuid[] NOT NULL,
	"moderator_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"title" text NOT NULL,
	"format" "workshop_format" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"venue_name" text,
	"venue_street" text,
	"venue_postal_code" text,
	"venue_city" text,
	"online_url" text,
	"capacity" integer NOT NULL,
	"status" "workshop_status" DEFAULT 'draft' NOT NULL,
	"registration_opens_at" timestamp with time zone,
	"registration_closes_at" timestamp with time zone,
	"notes" text DEFAULT '' NOT NULL,
	"cancellation_reason" text,
	"confirmed_count" integer DEFAULT 0 NOT NULL,
	"waitlist_count" integer DEFAULT 0 NOT NULL,
	"calendar_sequence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshops_time_check" CHECK ("workshops"."ends_at" > "workshops"."starts_at"),
	CONSTRAINT "workshops_capacity_check" CHECK ("workshops"."capacity" between 1 and 500),
	CONSTRAINT "workshops_host_check" CHECK ("workshops"."municipality_id" = any("workshops"."municipality_ids")),
	CONSTRAINT "workshops_counts_check" CHECK ("workshops"."confirmed_count" >= 0 and "workshops"."waitlist_count" >= 0),
	CONSTRAINT "workshops_window_check" CHECK ("workshops"."registration_closes_at" is null or "workshops"."registration_opens_at" is null or "workshops"."registration_closes_at" > "workshops"."registration_opens_at")
);
--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_workshop_municipality_fk" FOREIGN KEY ("workshop_id","municipality_id") REFERENCES "public"."workshop_municipalities"("workshop_id","municipality_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_municipalities" ADD CONSTRAINT "workshop_municipalities_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_municipalities" ADD CONSTRAINT "workshop_municipalities_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_workshop_email_key" ON "registrations" USING btree ("workshop_id",lower("email")) WHERE "registrations"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "registrations_waitlist_idx" ON "registrations" USING btree ("workshop_id","waitlist_position") WHERE "registrations"."status" = 'waitlisted';--> statement-breakpoint
CREATE INDEX "registrations_workshop_municipality_idx" ON "registrations" USING btree ("workshop_id","municipality_id","id");--> statement-breakpoint
CREATE INDEX "registrations_municipality_idx" ON "registrations" USING btree ("municipality_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_confirm_token_key" ON "registrations" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_cancel_token_key" ON "registrations" USING btree ("cancel_token_hash");--> statement-breakpoint
CREATE INDEX "workshop_municipalities_municipality_idx" ON "workshop_municipalities" USING btree ("municipality_id","workshop_id");--> statement-breakpoint
CREATE INDEX "workshops_starts_at_idx" ON "workshops" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "workshops_program_idx" ON "workshops" USING btree ("program_id","starts_at");--> statement-breakpoint
CREATE INDEX "workshops_municipality_ids_idx" ON "workshops" USING gin ("municipality_ids");--> statement-breakpoint
CREATE INDEX "workshops_moderator_ids_idx" ON "workshops" USING gin ("moderator_ids");--> statement-breakpoint
CREATE INDEX "workshops_updated_at_idx" ON "workshops" USING btree ("updated_at","id");