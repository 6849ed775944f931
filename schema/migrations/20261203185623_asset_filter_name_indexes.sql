-- Create index "assets_type_name_idx" to table: "assets"
CREATE INDEX `assets_type_name_idx` ON `assets` (`type`, (`name` COLLATE NOCASE), `id`);
-- Create index "assets_exchange_name_idx" to table: "assets"
CREATE INDEX `assets_exchange_name_idx` ON `assets` (`exchange`, (`name` COLLATE NOCASE), `id`);
