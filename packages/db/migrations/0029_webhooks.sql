-- Webhooks for third-party portals: subscriptions, the events written with each change (through the
-- outbox), one delivery per event and subscription, and the log of every HTTP attempt.
-- Subscriptions, deliveries and attempts belong to their subscription's municipality, or to the
-- program office when municipality_id is null (readable only in the platform scope). An event
-- concerns every municipality in municipality_ids: a tenant may record events about itself.
CREATE TABLE "webhook_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"municipality_id" uuid REFERENCES "municipalities"("id"),
	"url" text NOT NULL,
	"description" text,
	"events" jsonb NOT NULL,
	"personal_data" boolean DEFAULT false NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"previous_secret_ciphertext" text,
	"previous_secret_expires_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL CHECK ("status" IN ('active', 'disabled')),
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text,
	"created_by" uuid REFERENCES "users"("id"),
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
CREATE INDEX "webhook_subscriptions_municipality_idx" ON "webhook_subscriptions" ("municipality_id", "id");
CREATE INDEX "webhook_subscriptions_active_idx" ON "webhook_subscriptions" ("municipality_id")
  WHERE "status" = 'active' AND "deleted_at" IS NULL;

CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"municipality_ids" uuid[] NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
CREATE INDEX "webhook_events_occurred_idx" ON "webhook_events" ("occurred_at");

CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL REFERENCES "webhook_events"("id"),
	"subscription_id" uuid NOT NULL REFERENCES "webhook_subscriptions"("id"),
	"municipality_id" uuid REFERENCES "municipalities"("id"),
	"status" text DEFAULT 'pending' NOT NULL CHECK ("status" IN ('pending', 'succeeded', 'failed')),
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
CREATE UNIQUE INDEX "webhook_deliveries_event_subscription_key" ON "webhook_deliveries" ("event_id", "subscription_id");
CREATE INDEX "webhook_deliveries_subscription_idx" ON "webhook_deliveries" ("subscription_id", "id");

CREATE TABLE "webhook_delivery_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL REFERENCES "webhook_deliveries"("id"),
	"subscription_id" uuid NOT NULL REFERENCES "webhook_subscriptions"("id"),
	"municipality_id" uuid REFERENCES "municipalities"("id"),
	"attempt" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"status_code" integer,
	"error" text,
	"response_excerpt" text
);
CREATE INDEX "webhook_delivery_attempts_delivery_idx" ON "webhook_delivery_attempts" ("delivery_id", "attempt");
CREATE INDEX "webhook_delivery_attempts_subscription_idx" ON "webhook_delivery_attempts" ("subscription_id", "id");

CREATE TRIGGER webhook_subscriptions_updated_at BEFORE UPDATE ON webhook_subscriptions FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER webhook_deliveries_updated_at BEFORE UPDATE ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_subscriptions, webhook_deliveries TO werkstatt_app;
-- Events and attempts are a record: written once, never changed.
GRANT SELECT, INSERT ON webhook_events, webhook_delivery_attempts TO werkstatt_app;

ALTER TABLE webhook_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_subscriptions_tenant ON webhook_subscriptions FOR ALL
  USING ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())))
  WITH CHECK ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())));

ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_events FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_events_tenant ON webhook_events FOR ALL
  USING ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND (SELECT app_municipality_id()) = ANY (municipality_ids)))
  WITH CHECK ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND (SELECT app_municipality_id()) = ANY (municipality_ids)));

ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_deliveries_tenant ON webhook_deliveries FOR ALL
  USING ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())))
  WITH CHECK ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())));

ALTER TABLE webhook_delivery_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_delivery_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_delivery_attempts_tenant ON webhook_delivery_attempts FOR ALL
  USING ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())))
  WITH CHECK ((SELECT app_scope()) = 'platform' OR ((SELECT app_scope()) = 'tenant' AND municipality_id = (SELECT app_municipality_id())));
