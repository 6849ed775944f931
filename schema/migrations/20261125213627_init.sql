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
  `created_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  `updated_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
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
-- Create "cache_metadata" table
CREATE TABLE `cache_metadata` (
  `key` text NOT NULL,
  `namespace` text NOT NULL,
  `ttl_seconds` integer NOT NULL,
  `hit_count` integer NOT NULL DEFAULT 0,
  `last_hit_at` datetime NULL,
  `last_refreshed_at` datetime NULL,
  `warm` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`key`),
  CONSTRAINT `cache_metadata_key_length` CHECK (length(key) BETWEEN 1 AND 512),
  CONSTRAINT `cache_metadata_namespace_length` CHECK (length(namespace) BETWEEN 1 AND 64),
  CONSTRAINT `cache_metadata_ttl_positive` CHECK (ttl_seconds > 0),
  CONSTRAINT `cache_metadata_hit_count_nonnegative` CHECK (hit_count >= 0),
  CONSTRAINT `cache_metadata_warm_bool` CHECK (warm IN (0, 1))
);
-- Create index "cache_metadata_hot_idx" to table: "cache_metadata"
CREATE INDEX `cache_metadata_hot_idx` ON `cache_metadata` (`namespace`, `hit_count` DESC);
-- Create "dashboards" table
CREATE TABLE `dashboards` (
  `id` integer NOT NULL,
  `owner_id` integer NOT NULL,
  `name` text NOT NULL,
  `description` text NOT NULL DEFAULT '',
  `is_default` integer NOT NULL DEFAULT 0,
  `version` integer NOT NULL DEFAULT 1,
  `created_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  `updated_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  PRIMARY KEY (`id`),
  CONSTRAINT `dashboards_owner_fk` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE,
  CONSTRAINT `dashboards_name_length` CHECK (length(name) BETWEEN 1 AND 100),
  CONSTRAINT `dashboards_description_length` CHECK (length(description) <= 1000),
  CONSTRAINT `dashboards_is_default_bool` CHECK (is_default IN (0, 1)),
  CONSTRAINT `dashboards_version_positive` CHECK (version >= 1)
);
-- Create index "dashboards_owner_idx" to table: "dashboards"
CREATE INDEX `dashboards_owner_idx` ON `dashboards` (`owner_id`, `id`);
-- Create index "dashboards_one_default_key" to table: "dashboards"
CREATE UNIQUE INDEX `dashboards_one_default_key` ON `dashboards` (`owner_id`) WHERE is_default = 1;
-- Create "widgets" table
CREATE TABLE `widgets` (
  `id` integer NOT NULL,
  `dashboard_id` integer NOT NULL,
  `kind` text NOT NULL,
  `title` text NOT NULL,
  `pos_x` integer NOT NULL,
  `pos_y` integer NOT NULL,
  `width` integer NOT NULL,
  `height` integer NOT NULL,
  `config` json NOT NULL DEFAULT '{}',
  `refresh_seconds` integer NOT NULL DEFAULT 60,
  `version` integer NOT NULL DEFAULT 1,
  `created_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  `updated_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  PRIMARY KEY (`id`),
  CONSTRAINT `widgets_dashboard_fk` FOREIGN KEY (`dashboard_id`) REFERENCES `dashboards` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE,
  CONSTRAINT `widgets_kind_enum` CHECK (kind IN ('watchlist', 'price_chart', 'news_feed', 'market_overview', 'heatmap')),
  CONSTRAINT `widgets_title_length` CHECK (length(title) BETWEEN 1 AND 100),
  CONSTRAINT `widgets_grid` CHECK (pos_x >= 0 AND pos_y >= 0 AND pos_y < 1000
                                 AND width BETWEEN 1 AND 12 AND height BETWEEN 1 AND 12
                                 AND pos_x + width <= 12),
  CONSTRAINT `widgets_config_object` CHECK (json_valid(config) AND json_type(config) = 'object' AND length(config) <= 16384),
  CONSTRAINT `widgets_refresh_range` CHECK (refresh_seconds BETWEEN 5 AND 86400),
  CONSTRAINT `widgets_version_positive` CHECK (version >= 1)
);
-- Create index "widgets_dashboard_idx" to table: "widgets"
CREATE INDEX `widgets_dashboard_idx` ON `widgets` (`dashboard_id`, `id`);
-- Create "quotes" table
CREATE TABLE `quotes` (
  `asset_id` integer NOT NULL,
  `price` real NOT NULL,
  `change` real NOT NULL DEFAULT 0,
  `change_pct` real NOT NULL DEFAULT 0,
  `volume` integer NOT NULL DEFAULT 0,
  `market_cap` real NULL,
  `as_of` datetime NOT NULL,
  `provider` text NOT NULL,
  `updated_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  PRIMARY KEY (`asset_id`),
  CONSTRAINT `quotes_asset_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE,
  CONSTRAINT `quotes_price_nonnegative` CHECK (price >= 0),
  CONSTRAINT `quotes_volume_nonnegative` CHECK (volume >= 0),
  CONSTRAINT `quotes_market_cap_nonnegative` CHECK (market_cap IS NULL OR market_cap >= 0),
  CONSTRAINT `quotes_provider_length` CHECK (length(provider) BETWEEN 1 AND 64)
);
-- Create index "quotes_as_of_idx" to table: "quotes"
CREATE INDEX `quotes_as_of_idx` ON `quotes` (`as_of`);
-- Create "price_bars" table
CREATE TABLE `price_bars` (
  `asset_id` integer NOT NULL,
  `interval` text NOT NULL,
  `ts` datetime NOT NULL,
  `open` real NOT NULL,
  `high` real NOT NULL,
  `low` real NOT NULL,
  `close` real NOT NULL,
  `volume` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`asset_id`, `interval`, `ts`),
  CONSTRAINT `price_bars_asset_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE,
  CONSTRAINT `price_bars_interval_enum` CHECK (interval IN ('1m', '5m', '1h', '1d')),
  CONSTRAINT `price_bars_ohlc` CHECK (low >= 0 AND low <= open AND low <= close AND high >= open AND high >= close),
  CONSTRAINT `price_bars_volume_nonnegative` CHECK (volume >= 0)
);
-- Create "news_articles" table
CREATE TABLE `news_articles` (
  `id` integer NOT NULL,
  `url` text NOT NULL,
  `title` text NOT NULL,
  `summary` text NOT NULL DEFAULT '',
  `source` text NOT NULL,
  `author` text NOT NULL DEFAULT '',
  `published_at` datetime NOT NULL,
  `sentiment` real NULL,
  `created_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  PRIMARY KEY (`id`),
  CONSTRAINT `news_articles_url_format` CHECK ((url LIKE 'http://%' OR url LIKE 'https://%') AND length(url) <= 2048),
  CONSTRAINT `news_articles_title_length` CHECK (length(title) BETWEEN 1 AND 500),
  CONSTRAINT `news_articles_summary_length` CHECK (length(summary) <= 5000),
  CONSTRAINT `news_articles_source_length` CHECK (length(source) BETWEEN 1 AND 100),
  CONSTRAINT `news_articles_author_length` CHECK (length(author) <= 200),
  CONSTRAINT `news_articles_sentiment_range` CHECK (sentiment IS NULL OR sentiment BETWEEN -1 AND 1)
);
-- Create index "news_articles_url_key" to table: "news_articles"
CREATE UNIQUE INDEX `news_articles_url_key` ON `news_articles` (`url`);
-- Create index "news_articles_published_idx" to table: "news_articles"
CREATE INDEX `news_articles_published_idx` ON `news_articles` (`published_at`, `id`);
-- Create index "news_articles_source_published_idx" to table: "news_articles"
CREATE INDEX `news_articles_source_published_idx` ON `news_articles` (`source`, `published_at`, `id`);
-- Create "news_article_assets" table
CREATE TABLE `news_article_assets` (
  `article_id` integer NOT NULL,
  `asset_id` integer NOT NULL,
  PRIMARY KEY (`article_id`, `asset_id`),
  CONSTRAINT `news_article_assets_asset_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE,
  CONSTRAINT `news_article_assets_article_fk` FOREIGN KEY (`article_id`) REFERENCES `news_articles` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE
);
-- Create index "news_article_assets_asset_idx" to table: "news_article_assets"
CREATE INDEX `news_article_assets_asset_idx` ON `news_article_assets` (`asset_id`, `article_id`);
-- Create "users" table
CREATE TABLE `users` (
  `id` integer NOT NULL,
  `email` text NOT NULL,
  `password_hash` text NOT NULL,
  `display_name` text NOT NULL,
  `role` text NOT NULL DEFAULT 'user',
  `active` integer NOT NULL DEFAULT 1,
  `created_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  `updated_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  PRIMARY KEY (`id`),
  CONSTRAINT `users_email_format` CHECK (length(email) BETWEEN 3 AND 254 AND instr(email, '@') > 1),
  CONSTRAINT `users_password_hash_format` CHECK (password_hash LIKE '$argon2id$%'),
  CONSTRAINT `users_display_name_length` CHECK (length(display_name) BETWEEN 1 AND 100),
  CONSTRAINT `users_role_enum` CHECK (role IN ('user', 'admin')),
  CONSTRAINT `users_active_bool` CHECK (active IN (0, 1))
);
-- Create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` ((`email` COLLATE NOCASE));
-- Create index "users_created_idx" to table: "users"
CREATE INDEX `users_created_idx` ON `users` (`created_at`, `id`);
-- Create "sessions" table
CREATE TABLE `sessions` (
  `id` integer NOT NULL,
  `token_hash` blob NOT NULL,
  `user_id` integer NOT NULL,
  `created_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  `expires_at` datetime NOT NULL,
  `last_used_at` datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  `user_agent` text NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  CONSTRAINT `sessions_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE,
  CONSTRAINT `sessions_token_hash_length` CHECK (length(token_hash) = 32),
  CONSTRAINT `sessions_user_agent_length` CHECK (length(user_agent) <= 512),
  CONSTRAINT `sessions_expiry_order` CHECK (expires_at > created_at)
);
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- Create index "sessions_user_idx" to table: "sessions"
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);
-- Create index "sessions_expires_idx" to table: "sessions"
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);
