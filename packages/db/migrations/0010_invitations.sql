CREATE TABLE "workshop_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid NOT NULL,
	"workshop_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone,
	"max_uses" integer,
	"use_count" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_invitations_max_uses_check" CHECK ("workshop_invitations"."max_uses" is null or "workshop_invitations"."max_uses" >= 1),
	CONSTRAINT "workshop_invitations_uses_check" CHECK ("workshop_invitations"."use_count" >= 0 and ("workshop_invitations"."max_uses" is null or "workshop_invitations"."use_count" <= "workshop_invitations"."max_uses"))
);
--> statement-breakpoint
ALTER TABLE "workshop_invitations" ADD CONSTRAINT "workshop_invitations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_invitations" ADD CONSTRAINT "workshop_invitations_workshop_municipality_fk" FOREIGN KEY ("workshop_id","municipality_id") REFERENCES "public"."workshop_municipalities"("workshop_id","municipality_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_invitations_token_key" ON "workshop_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "workshop_invitations_workshop_idx" ON "workshop_invitations" USING btree ("workshop_id","municipality_id","id");