CREATE TABLE `notices` (
	`key` text PRIMARY KEY NOT NULL,
	`at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `classifications` ADD `audit_rate` real;--> statement-breakpoint
ALTER TABLE `messages` ADD `origin` text DEFAULT 'live' NOT NULL;