-- The program office's contact, named in every mail of the program (Reply-To and footer).
ALTER TABLE "programs" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "contact_organisation" text;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_contact_check" CHECK (("programs"."contact_name" is null) = ("programs"."contact_email" is null) and ("programs"."contact_name" is not null or ("programs"."contact_phone" is null and "programs"."contact_organisation" is null)));