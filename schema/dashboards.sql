-- Users' dashboards and the widgets laid out on a 12-column grid.
CREATE TABLE dashboards (
  id          INTEGER  NOT NULL PRIMARY KEY,
  owner_id    INTEGER  NOT NULL,
  name        TEXT     NOT NULL,
  description TEXT     NOT NULL DEFAULT '',
  is_default  INTEGER  NOT NULL DEFAULT 0,
  -- Optimistic locking: every update increments it.
  version     INTEGER  NOT NULL DEFAULT 1,
  created_at  DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  updated_at  DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  CONSTRAINT dashboards_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT dashboards_name_length CHECK (length(name) BETWEEN 1 AND 100),
  CONSTRAINT dashboards_description_length CHECK (length(description) <= 1000),
  CONSTRAINT dashboards_is_default_bool CHECK (is_default IN (0, 1)),
  CONSTRAINT dashboards_version_positive CHECK (version >= 1)
);

CREATE INDEX dashboards_owner_idx ON dashboards (owner_id, id);
-- At most one default dashboard per user.
CREATE UNIQUE INDEX dashboards_one_default_key ON dashboards (owner_id) WHERE is_default = 1;

CREATE TABLE widgets (
  id              INTEGER  NOT NULL PRIMARY KEY,
  dashboard_id    INTEGER  NOT NULL,
  kind            TEXT     NOT NULL,
  title           TEXT     NOT NULL,
  pos_x           INTEGER  NOT NULL,
  pos_y           INTEGER  NOT NULL,
  width           INTEGER  NOT NULL,
  height          INTEGER  NOT NULL,
  -- Kind-specific settings, validated by the API against the kind's schema.
  config          JSON     NOT NULL DEFAULT '{}',
  refresh_seconds INTEGER  NOT NULL DEFAULT 60,
  version         INTEGER  NOT NULL DEFAULT 1,
  created_at      DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  updated_at      DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  CONSTRAINT widgets_dashboard_fk FOREIGN KEY (dashboard_id) REFERENCES dashboards (id) ON DELETE CASCADE,
  CONSTRAINT widgets_kind_enum CHECK (kind IN ('watchlist', 'price_chart', 'news_feed', 'market_overview', 'heatmap')),
  CONSTRAINT widgets_title_length CHECK (length(title) BETWEEN 1 AND 100),
  CONSTRAINT widgets_grid CHECK (pos_x >= 0 AND pos_y >= 0 AND pos_y < 1000
                                 AND width BETWEEN 1 AND 12 AND height BETWEEN 1 AND 12
                                 AND pos_x + width <= 12),
  CONSTRAINT widgets_config_object CHECK (json_valid(config) AND json_type(config) = 'object' AND length(config) <= 16384),
  CONSTRAINT widgets_refresh_range CHECK (refresh_seconds BETWEEN 5 AND 86400),
  CONSTRAINT widgets_version_positive CHECK (version >= 1)
);

CREATE INDEX widgets_dashboard_idx ON widgets (dashboard_id, id);
