-- Users' dashboards and the widgets laid out on a 12-column grid. The
-- owner's foreign key is declared in users.sql, after users, so that the
-- files apply in name order.
CREATE TABLE dashboards (
  id          bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id    bigint         NOT NULL,
  name        text           NOT NULL,
  description text           NOT NULL DEFAULT '',
  is_default  boolean        NOT NULL DEFAULT false,
  -- Optimistic locking: every update increments it.
  version     bigint         NOT NULL DEFAULT 1,
  created_at  timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  updated_at  timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT dashboards_name_length CHECK (length(name) BETWEEN 1 AND 100),
  CONSTRAINT dashboards_description_length CHECK (length(description) <= 1000),
  CONSTRAINT dashboards_version_positive CHECK (version >= 1)
);

CREATE INDEX dashboards_owner_idx ON dashboards (owner_id, id);
-- At most one default dashboard per user.
CREATE UNIQUE INDEX dashboards_one_default_key ON dashboards (owner_id) WHERE is_default;

CREATE TABLE widgets (
  id              bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dashboard_id    bigint         NOT NULL,
  kind            text           NOT NULL,
  title           text           NOT NULL,
  pos_x           bigint         NOT NULL,
  pos_y           bigint         NOT NULL,
  width           bigint         NOT NULL,
  height          bigint         NOT NULL,
  -- Kind-specific settings, validated by the API against the kind's schema.
  config          jsonb          NOT NULL DEFAULT '{}',
  refresh_seconds bigint         NOT NULL DEFAULT 60,
  version         bigint         NOT NULL DEFAULT 1,
  created_at      timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  updated_at      timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT widgets_dashboard_fk FOREIGN KEY (dashboard_id) REFERENCES dashboards (id) ON DELETE CASCADE,
  CONSTRAINT widgets_kind_enum CHECK (kind IN ('watchlist', 'price_chart', 'news_feed', 'market_overview', 'heatmap')),
  CONSTRAINT widgets_title_length CHECK (length(title) BETWEEN 1 AND 100),
  CONSTRAINT widgets_grid CHECK (pos_x >= 0 AND pos_y >= 0 AND pos_y < 1000
                                 AND width BETWEEN 1 AND 12 AND height BETWEEN 1 AND 12
                                 AND pos_x + width <= 12),
  CONSTRAINT widgets_config_object CHECK (jsonb_typeof(config) = 'object' AND length(config::text) <= 16384),
  CONSTRAINT widgets_refresh_range CHECK (refresh_seconds BETWEEN 5 AND 86400),
  CONSTRAINT widgets_version_positive CHECK (version >= 1)
);

CREATE INDEX widgets_dashboard_idx ON widgets (dashboard_id, id);
