-- Add column "published_at" to table: "news_article_assets"
ALTER TABLE `news_article_assets` ADD COLUMN `published_at` datetime NOT NULL DEFAULT '';
-- Backfill: each link takes its article's publication time
UPDATE `news_article_assets` SET `published_at` = (SELECT n.`published_at` FROM `news_articles` n WHERE n.`id` = `news_article_assets`.`article_id`);
-- Drop index "news_article_assets_asset_idx" from table: "news_article_assets"
DROP INDEX `news_article_assets_asset_idx`;
-- Create index "news_article_assets_asset_published_idx" to table: "news_article_assets"
CREATE INDEX `news_article_assets_asset_published_idx` ON `news_article_assets` (`asset_id`, `published_at`, `article_id`);
