-- Widgets, reached only through a dashboard of their owner: every query
-- checks dashboards.owner_id, so another user's widget is "not found".
-- Updates and deletes (versioned, optimistic locking) are in dashboards_api.sql.

-- name: CreateWidget :one
-- No row (pgx.ErrNoRows) when the dashboard does not exist or is not the owner's.
INSERT INTO widgets (dashboard_id, kind, title, pos_x, pos_y, width, height, config, refresh_seconds)
SELECT d.id, sqlc.arg(kind)::text, sqlc.arg(title)::text, sqlc.arg(pos_x)::bigint, sqlc.arg(pos_y)::bigint,
       sqlc.arg(width)::bigint, sqlc.arg(height)::bigint, sqlc.arg(config)::jsonb, sqlc.arg(refresh_seconds)::bigint
FROM dashboards d
WHERE d.id = sqlc.arg(dashboard_id) AND d.owner_id = sqlc.arg(owner_id)
RETURNING id, dashboard_id, kind, title, pos_x, pos_y, width, height, config, refresh_seconds, version, created_at, updated_at;

-- name: GetWidget :one
SELECT w.id, w.dashboard_id, w.kind, w.title, w.pos_x, w.pos_y, w.width, w.height,
       w.config, w.refresh_seconds, w.version, w.created_at, w.updated_at
FROM widgets w
JOIN dashboards d ON d.id = w.dashboard_id
WHERE w.id = sqlc.arg(id) AND w.dashboard_id = sqlc.arg(dashboard_id) AND d.owner_id = sqlc.arg(owner_id);

-- name: ListWidgets :many
-- The dashboard's widgets in creation order; keyset on id (first page: after_id = 0).
SELECT w.id, w.dashboard_id, w.kind, w.title, w.pos_x, w.pos_y, w.width, w.height,
       w.config, w.refresh_seconds, w.version, w.created_at, w.updated_at
FROM widgets w
JOIN dashboards d ON d.id = w.dashboard_id
WHERE w.dashboard_id = sqlc.arg(dashboard_id) AND d.owner_id = sqlc.arg(owner_id)
  AND w.id > sqlc.arg(after_id)
ORDER BY w.id
LIMIT sqlc.arg(max_rows)::bigint;

-- name: CountWidgets :one
SELECT count(*) FROM widgets WHERE dashboard_id = sqlc.arg(dashboard_id);

-- name: ListWatchedSymbols :many
-- The distinct active assets named by any widget's config (its "symbols"
-- array or its "symbol" string), with their types: what the refresher
-- keeps fresh.
SELECT a.symbol, a.type FROM assets a
WHERE a.active AND a.symbol IN (
  SELECT j.value
  FROM widgets w
  CROSS JOIN LATERAL jsonb_array_elements_text(
    CASE WHEN jsonb_typeof(w.config -> 'symbols') = 'array' THEN w.config -> 'symbols' ELSE '[]'::jsonb END) AS j(value)
  UNION
  SELECT w.config ->> 'symbol' FROM widgets w WHERE jsonb_typeof(w.config -> 'symbol') = 'string'
)
ORDER BY a.symbol
LIMIT sqlc.arg(max_rows)::bigint;
