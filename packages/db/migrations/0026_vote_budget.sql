-- Dot votes with a budget: each person places at most the program's dot_votes_per_field dots per
-- action field on a municipality's ideas, and may withdraw them. idea_votes keeps one row per dot
-- placed through the API; ideas.votes still counts those plus the dots entered from the workshop wall.
-- The table and its security are one migration here: the table is useless without its policy.
CREATE TABLE "idea_votes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"idea_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "dot_votes_per_field" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idea_votes" ADD CONSTRAINT "idea_votes_idea_fk" FOREIGN KEY ("idea_id","municipality_id") REFERENCES "public"."ideas"("id","municipality_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idea_votes_voter_idx" ON "idea_votes" USING btree ("municipality_id","user_id","idea_id");--> statement-breakpoint
CREATE INDEX "idea_votes_idea_idx" ON "idea_votes" USING btree ("idea_id");--> statement-breakpoint
CREATE INDEX "ideas_municipality_votes_idx" ON "ideas" USING btree ("municipality_id","votes","id");--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_dot_votes_per_field_check" CHECK ("programs"."dot_votes_per_field" between 1 and 50);
--> statement-breakpoint

-- idea_votes is tenant-owned: the policy form of every tenant table. Votes are placed and withdrawn,
-- never changed, so the application gets no UPDATE.
GRANT SELECT, INSERT, DELETE ON idea_votes TO werkstatt_app;
--> statement-breakpoint
REVOKE UPDATE ON idea_votes FROM werkstatt_app;
--> statement-breakpoint
ALTER TABLE idea_votes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idea_votes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY idea_votes_tenant ON idea_votes FOR ALL
  USING ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())))
  WITH CHECK ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())));
