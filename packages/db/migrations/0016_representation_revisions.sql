CREATE TABLE "representation_revisions" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"revision" bigint NOT NULL
);
