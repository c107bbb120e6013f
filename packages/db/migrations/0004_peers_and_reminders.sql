CREATE TABLE "review_reminders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"remind_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "review_reminders" ADD CONSTRAINT "review_reminders_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "review_reminders_municipality_day_key" ON "review_reminders" USING btree ("municipality_id","remind_on");--> statement-breakpoint
CREATE INDEX "measures_action_field_idx" ON "measures" USING btree ("action_field_id") WHERE "measures"."deleted_at" is null;