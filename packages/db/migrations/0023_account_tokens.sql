CREATE TABLE "account_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid,
	"purpose" text NOT NULL,
	"token_hash" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_tokens_purpose_check" CHECK ("account_tokens"."purpose" in ('invitation', 'password_reset'))
);
--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_tokens_hash_key" ON "account_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "account_tokens_open_idx" ON "account_tokens" USING btree ("user_id") WHERE "account_tokens"."used_at" is null and "account_tokens"."revoked_at" is null;--> statement-breakpoint
-- Row-level security for account_tokens, in the form docs/architecture.md "Adding a resource" gives.
-- A link belongs to its user's municipality (none for the program office): a municipality admin
-- invites its own users, the worker mails a link in that municipality's scope, and the public look-up
-- by the link's secret runs in the platform scope of the API, like sign-in.
GRANT SELECT, INSERT, UPDATE, DELETE ON account_tokens TO werkstatt_app;--> statement-breakpoint
ALTER TABLE account_tokens ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE account_tokens FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY account_tokens_tenant ON account_tokens FOR ALL
  USING ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())))
  WITH CHECK ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())));
