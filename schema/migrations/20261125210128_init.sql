-- Create "assets" table
CREATE TABLE `assets` (
  `id` integer NOT NULL,
  `symbol` text NOT NULL,
  `name` text NOT NULL,
  `type` text NOT NULL,
  `exchange` text NOT NULL DEFAULT '',
  `currency` text NOT NULL DEFAULT 'USD',
  `sector` text NOT NULL DEFAULT '',
  `active` integer NOT NULL DEFAULT 1,
  `created_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  `updated_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (`id`),
  CONSTRAINT `assets_symbol_format` CHECK (length(symbol) BETWEEN 1 AND 20 AND symbol = upper(symbol)),
  CONSTRAINT `assets_name_length` CHECK (length(name) BETWEEN 1 AND 200),
  CONSTRAINT `assets_type_enum` CHECK (type IN ('stock', 'etf', 'crypto', 'index', 'forex', 'commodity')),
  CONSTRAINT `assets_currency_format` CHECK (length(currency) = 3),
  CONSTRAINT `assets_active_bool` CHECK (active IN (0, 1))
);
-- Create index "assets_symbol_key" to table: "assets"
CREATE UNIQUE INDEX `assets_symbol_key` ON `assets` (`symbol`);
-- Create index "assets_name_idx" to table: "assets"
CREATE INDEX `assets_name_idx` ON `assets` ((`name` COLLATE NOCASE), `id`);
-- Create index "assets_type_symbol_idx" to table: "assets"
CREATE INDEX `assets_type_symbol_idx` ON `assets` (`type`, `symbol`);
-- Create index "assets_exchange_symbol_idx" to table: "assets"
CREATE INDEX `assets_exchange_symbol_idx` ON `assets` (`exchange`, `symbol`);
