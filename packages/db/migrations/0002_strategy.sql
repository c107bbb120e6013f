CREATE TYPE "public"."idea_duration" AS ENUM('up_to_3_months', 'up_to_1_year', 'up_to_2_years', 'more_than_2_years');--> statement-breakpoint
CREATE TYPE "public"."idea_status" AS ENUM('new', 'planned', 'parked', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."measure_status" AS ENUM('planned', 'in_progress', 'done', 'on_hold', 'dropped');--> statement-breakpoint
CREATE TYPE "public"."start_window" AS ENUM('immediately', 'within_2_years', 'within_4_years');--> statement-breakpoint
CREATE TYPE "public"."strategy_status" AS ENUM('draft', 'adopted');--> statement-breakpoint
CREATE TYPE "public"."strategy_visibility" AS ENUM('private', 'public');--> statement-breakpoint
CREATE TABLE "ideas" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"action_field_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"source_workshop_id" uuid,
	"estimated_duration" "idea_duration",
	"status" "idea_status" DEFAULT 'new' NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "ideas_id_municipality_key" UNIQUE("id","municipality_id"),
	CONSTRAINT "ideas_votes_check" CHECK ("ideas"."votes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "measure_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"measure_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date,
	"done_at" timestamp with time zone,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"action_field_id" uuid NOT NULL,
	"origin_idea_id" uuid,
	"rank" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"lead" text,
	"participants" text,
	"target_group" text,
	"expected_result" text,
	"resources" text,
	"start_window" "start_window",
	"start_date" date,
	"end_date" date,
	"status" "measure_status" DEFAULT 'planned' NOT NULL,
	"progress" smallint DEFAULT 0 NOT NULL,
	"steps_total" integer DEFAULT 0 NOT NULL,
	"steps_done" integer DEFAULT 0 NOT NULL,
	"budget_cents" bigint,
	"funding_source" text,
	"grant_program" text,
	"indicators" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "measures_id_municipality_key" UNIQUE("id","municipality_id"),
	CONSTRAINT "measures_rank_check" CHECK ("measures"."rank" >= 1),
	CONSTRAINT "measures_progress_check" CHECK ("measures"."progress" between 0 and 100),
	CONSTRAINT "measures_steps_check" CHECK ("measures"."steps_done" between 0 and "measures"."steps_total"),
	CONSTRAINT "measures_budget_check" CHECK ("measures"."budget_cents" >= 0),
	CONSTRAINT "measures_dates_check" CHECK ("measures"."end_date" >= "measures"."start_date"),
	CONSTRAINT "measures_indicators_check" CHECK (jsonb_typeof("measures"."indicators") = 'array')
);
--> statement-breakpoint
CREATE TABLE "strategies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"title" text NOT NULL,
	"vision" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"status" "strategy_status" DEFAULT 'draft' NOT NULL,
	"adopted_on" date,
	"council_resolution" text,
	"visibility" "strategy_visibility" DEFAULT 'private' NOT NULL,
	"next_review_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strategies_id_municipality_key" UNIQUE("id","municipality_id"),
	CONSTRAINT "strategies_adopted_check" CHECK ("strategies"."status" <> 'adopted' or "strategies"."adopted_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "strategy_fields" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"strategy_id" uuid NOT NULL,
	"action_field_id" uuid NOT NULL,
	"priority" integer NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"goal" text DEFAULT '' NOT NULL,
	"maturity_now" smallint,
	"maturity_target" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strategy_fields_priority_check" CHECK ("strategy_fields"."priority" >= 1),
	CONSTRAINT "strategy_fields_maturity_now_check" CHECK ("strategy_fields"."maturity_now" between 0 and 4),
	CONSTRAINT "strategy_fields_maturity_target_check" CHECK ("strategy_fields"."maturity_target" between 0 and 4)
);
--> statement-breakpoint
CREATE TABLE "strategy_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"strategy_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"label" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strategy_versions_number_check" CHECK ("strategy_versions"."number" >= 1)
);
--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ideas" ADD CONSTRAINT "ideas_action_field_id_action_fields_id_fk" FOREIGN KEY ("action_field_id") REFERENCES "public"."action_fields"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_steps" ADD CONSTRAINT "measure_steps_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_steps" ADD CONSTRAINT "measure_steps_measure_fk" FOREIGN KEY ("measure_id","municipality_id") REFERENCES "public"."measures"("id","municipality_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_action_field_id_action_fields_id_fk" FOREIGN KEY ("action_field_id") REFERENCES "public"."action_fields"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_origin_idea_fk" FOREIGN KEY ("origin_idea_id","municipality_id") REFERENCES "public"."ideas"("id","municipality_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_fields" ADD CONSTRAINT "strategy_fields_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_fields" ADD CONSTRAINT "strategy_fields_action_field_id_action_fields_id_fk" FOREIGN KEY ("action_field_id") REFERENCES "public"."action_fields"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_fields" ADD CONSTRAINT "strategy_fields_strategy_fk" FOREIGN KEY ("strategy_id","municipality_id") REFERENCES "public"."strategies"("id","municipality_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_versions" ADD CONSTRAINT "strategy_versions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_versions" ADD CONSTRAINT "strategy_versions_strategy_fk" FOREIGN KEY ("strategy_id","municipality_id") REFERENCES "public"."strategies"("id","municipality_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ideas_municipality_field_idx" ON "ideas" USING btree ("municipality_id","action_field_id","status");--> statement-breakpoint
CREATE INDEX "ideas_municipality_id_idx" ON "ideas" USING btree ("municipality_id","id");--> statement-breakpoint
CREATE INDEX "ideas_municipality_updated_idx" ON "ideas" USING btree ("municipality_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "measure_steps_measure_idx" ON "measure_steps" USING btree ("measure_id","position","id");--> statement-breakpoint
CREATE INDEX "measure_steps_open_due_idx" ON "measure_steps" USING btree ("measure_id","due_on") WHERE "measure_steps"."done_at" is null;--> statement-breakpoint
CREATE INDEX "measure_steps_municipality_idx" ON "measure_steps" USING btree ("municipality_id");--> statement-breakpoint
CREATE INDEX "measures_municipality_field_status_idx" ON "measures" USING btree ("municipality_id","action_field_id","status");--> statement-breakpoint
CREATE INDEX "measures_municipality_id_idx" ON "measures" USING btree ("municipality_id","id");--> statement-breakpoint
CREATE INDEX "measures_municipality_updated_idx" ON "measures" USING btree ("municipality_id","updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "measures_origin_idea_key" ON "measures" USING btree ("origin_idea_id") WHERE "measures"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "measures_search_idx" ON "measures" USING gin (to_tsvector('german'::regconfig, "title" || ' ' || "description"));--> statement-breakpoint
CREATE UNIQUE INDEX "strategies_municipality_key" ON "strategies" USING btree ("municipality_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_fields_strategy_field_key" ON "strategy_fields" USING btree ("strategy_id","action_field_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_fields_strategy_priority_key" ON "strategy_fields" USING btree ("strategy_id","priority");--> statement-breakpoint
CREATE INDEX "strategy_fields_municipality_idx" ON "strategy_fields" USING btree ("municipality_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_versions_number_key" ON "strategy_versions" USING btree ("municipality_id","number");