-- Multi-day workshops and calendar sequences per participant.
--
-- workshops.days: null for a workshop of one block (starts_at..ends_at, as before); otherwise a JSON
-- array of two or more days {"startsAt", "endsAt"} (RFC 3339), ordered and inside that span. The API
-- checks the days; the constraint keeps the column an array.
-- registrations.calendar_sequence: raised with each calendar e-mail to the participant and added to
-- the workshop's calendar_sequence, so a waitlist entry, its confirmation and a cancellation each
-- carry a SEQUENCE above the one sent before (RFC 5546).
ALTER TABLE "registrations" ADD COLUMN "calendar_sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "days" jsonb;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_days_check" CHECK ("workshops"."days" is null or jsonb_typeof("workshops"."days") = 'array');