-- Latest quote per asset and historical price bars.
CREATE TABLE quotes (
  asset_id   bigint           NOT NULL PRIMARY KEY,
  price      double precision NOT NULL,
  change     double precision NOT NULL DEFAULT 0,
  change_pct double precision NOT NULL DEFAULT 0,
  volume     bigint           NOT NULL DEFAULT 0,
  market_cap double precision,
  -- When the provider observed the price; an older as_of never overwrites a newer one.
  as_of      timestamptz(3)   NOT NULL,
  provider   text             NOT NULL,
  updated_at timestamptz(3)   NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT quotes_asset_fk FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE,
  CONSTRAINT quotes_price_nonnegative CHECK (price >= 0),
  CONSTRAINT quotes_volume_nonnegative CHECK (volume >= 0),
  CONSTRAINT quotes_market_cap_nonnegative CHECK (market_cap IS NULL OR market_cap >= 0),
  CONSTRAINT quotes_provider_length CHECK (length(provider) BETWEEN 1 AND 64)
);

CREATE INDEX quotes_as_of_idx ON quotes (as_of);

CREATE TABLE price_bars (
  asset_id bigint           NOT NULL,
  interval text             COLLATE "C" NOT NULL,
  ts       timestamptz(3)   NOT NULL,
  open     double precision NOT NULL,
  high     double precision NOT NULL,
  low      double precision NOT NULL,
  close    double precision NOT NULL,
  volume   bigint           NOT NULL DEFAULT 0,
  CONSTRAINT price_bars_pkey PRIMARY KEY (asset_id, interval, ts),
  CONSTRAINT price_bars_asset_fk FOREIGN KEY (asset_id) REFERENCES assets (id) ON DELETE CASCADE,
  CONSTRAINT price_bars_interval_enum CHECK (interval IN ('1m', '5m', '1h', '1d')),
  CONSTRAINT price_bars_ohlc CHECK (low >= 0 AND low <= open AND low <= close AND high >= open AND high >= close),
  CONSTRAINT price_bars_volume_nonnegative CHECK (volume >= 0)
);
