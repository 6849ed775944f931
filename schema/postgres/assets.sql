-- Desired state of the assets table on PostgreSQL (schema/assets.sql is the
-- SQLite side; keep the two alike). Keys that are compared or sorted are
-- COLLATE "C": byte order, as SQLite's BINARY, whatever the server's locale,
-- and lower()/upper() fold ASCII letters only, as SQLite's NOCASE and
-- upper() do. lower(name) stands for name COLLATE NOCASE.
CREATE TABLE assets (
  id         bigint         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  symbol     text           COLLATE "C" NOT NULL,
  name       text           COLLATE "C" NOT NULL,
  type       text           COLLATE "C" NOT NULL,
  exchange   text           COLLATE "C" NOT NULL DEFAULT '',
  currency   text           NOT NULL DEFAULT 'USD',
  sector     text           NOT NULL DEFAULT '',
  active     boolean        NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  updated_at timestamptz(3) NOT NULL DEFAULT statement_timestamp(),
  CONSTRAINT assets_symbol_format CHECK (length(symbol) BETWEEN 1 AND 20 AND symbol = upper(symbol)),
  CONSTRAINT assets_name_length CHECK (length(name) BETWEEN 1 AND 200),
  CONSTRAINT assets_type_enum CHECK (type IN ('stock', 'etf', 'crypto', 'index', 'forex', 'commodity')),
  CONSTRAINT assets_currency_format CHECK (length(currency) = 3)
);

CREATE UNIQUE INDEX assets_symbol_key ON assets (symbol);
CREATE INDEX assets_name_idx ON assets (lower(name), id);
CREATE INDEX assets_type_symbol_idx ON assets (type, symbol);
CREATE INDEX assets_exchange_symbol_idx ON assets (exchange, symbol);
-- Lists filtered by type or exchange and sorted by name walk these.
CREATE INDEX assets_type_name_idx ON assets (type, lower(name), id);
CREATE INDEX assets_exchange_name_idx ON assets (exchange, lower(name), id);
