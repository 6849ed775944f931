-- Widgets, reached only through a dashboard of their owner: every query
-- checks dashboards.owner_id, so another user's widget is "not found".
-- Updates and deletes (versioned, optimistic locking) are in dashboards_api.sql.

-- name: CreateWidget :one
-- No row (sql.ErrNoRows) when the dashboard does not exist or is not the owner's.
INSERT INTO widgets (dashboard_id, kind, title, pos_x, pos_y, width, height, config, refresh_seconds)
SELECT d.id, sqlc.arg(kind), sqlc.arg(title), sqlc.arg(pos_x), sqlc.arg(pos_y),
       sqlc.arg(width), sqlc.arg(height), sqlc.arg(config), sqlc.arg(refresh_seconds)
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
LIMIT sqlc.arg(max_rows);

-- name: CountWidgets :one
SELECT count(*) FROM widgets WHERE dashboard_id = sqlc.arg(dashboard_id);

-- name: ListWatchedSymbols :many
-- The distinct active assets named by any widget's config (its "symbol"
-- or "symbols"), with their types: what the refresher keeps fresh.
SELECT a.symbol, a.type FROM assets a
WHERE a.active = 1 AND a.symbol IN (
  SELECT j.value FROM widgets w, json_each(w.config, '$.symbols') j
  UNION
  SELECT json_extract(w.config, '$.symbol') FROM widgets w WHERE json_type(w.config, '$.symbol') = 'text'
)
ORDER BY a.symbol
LIMIT sqlc.arg(max_rows);
