-- Desired state of the assets table. Edit this file, then run
-- `marketpulse migrate diff NAME` to plan a versioned migration.
CREATE TABLE assets (
  id         INTEGER NOT NULL PRIMARY KEY,
  symbol     TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  exchange   TEXT    NOT NULL DEFAULT '',
  currency   TEXT    NOT NULL DEFAULT 'USD',
  sector     TEXT    NOT NULL DEFAULT '',
  active     INTEGER NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  updated_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
  CONSTRAINT assets_symbol_format CHECK (length(symbol) BETWEEN 1 AND 20 AND symbol = upper(symbol)),
  CONSTRAINT assets_name_length CHECK (length(name) BETWEEN 1 AND 200),
  CONSTRAINT assets_type_enum CHECK (type IN ('stock', 'etf', 'crypto', 'index', 'forex', 'commodity')),
  CONSTRAINT assets_currency_format CHECK (length(currency) = 3),
  CONSTRAINT assets_active_bool CHECK (active IN (0, 1))
);

CREATE UNIQUE INDEX assets_symbol_key ON assets (symbol);
CREATE INDEX assets_name_idx ON assets (name COLLATE NOCASE, id);
CREATE INDEX assets_type_symbol_idx ON assets (type, symbol);
CREATE INDEX assets_exchange_symbol_idx ON assets (exchange, symbol);
-- Lists filtered by type or exchange and sorted by name walk these.
CREATE INDEX assets_type_name_idx ON assets (type, name COLLATE NOCASE, id);
CREATE INDEX assets_exchange_name_idx ON assets (exchange, name COLLATE NOCASE, id);
