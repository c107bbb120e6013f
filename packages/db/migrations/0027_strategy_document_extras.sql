-- What the council document needs beyond the strategy itself: the meeting it is put to (printed as the
-- Beschlussvorschlag) and the municipality's coat of arms or logo for the cover, stored as a PNG.
ALTER TABLE "strategies" ADD COLUMN "resolution_body" text;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "resolution_meeting_on" date;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "resolution_agenda_item" text;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "logo_png" "bytea";--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_logo_size_check" CHECK (octet_length("strategies"."logo_png") <= 524288);
