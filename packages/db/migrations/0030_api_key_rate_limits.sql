-- A key's own requests per minute; null means the configured default (API_KEY_RATE_LIMIT_PER_MINUTE).
ALTER TABLE "api_keys" ADD COLUMN "rate_limit_per_minute" integer;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_rate_limit_check" CHECK ("api_keys"."rate_limit_per_minute" between 1 and 100000);
