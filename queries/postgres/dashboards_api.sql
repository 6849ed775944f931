-- Queries of the dashboards and widgets API that dashboards.sql and
-- widgets.sql do not have. Same rules: every statement is scoped to the
-- owner, and versioned writes match the version the caller checked, in the
-- transaction that checked it.

-- name: ListDashboardsCounted :many
-- The owner's dashboards with their widget counts; keyset on id (first page: after_id = 0).
SELECT d.id, d.owner_id, d.name, d.description, d.is_default, d.version, d.created_at, d.updated_at,
       (SELECT count(*) FROM widgets w WHERE w.dashboard_id = d.id) AS widget_count
FROM dashboards d
WHERE d.owner_id = sqlc.arg(owner_id) AND d.id > sqlc.arg(after_id)
ORDER BY d.id
LIMIT sqlc.arg(max_rows)::bigint;

-- name: GetDashboardDetail :many
-- A dashboard and its widgets in one statement, so one snapshot: one row per
-- widget, or a single row with NULL widget columns when it has none. No row:
-- the dashboard does not exist or is not the owner's. (The config is read
-- as text, '' when there is no widget, as on SQLite.)
SELECT d.id, d.name, d.description, d.is_default, d.version, d.created_at, d.updated_at,
       w.id AS widget_id, w.kind AS widget_kind, w.title AS widget_title,
       w.pos_x AS widget_x, w.pos_y AS widget_y, w.width AS widget_w, w.height AS widget_h,
       coalesce(w.config::text, '')::text AS widget_config, w.refresh_seconds AS widget_refresh_seconds,
       w.version AS widget_version, w.created_at AS widget_created_at, w.updated_at AS widget_updated_at
FROM dashboards d
LEFT JOIN widgets w ON w.dashboard_id = d.id
WHERE d.id = sqlc.arg(id) AND d.owner_id = sqlc.arg(owner_id)
ORDER BY w.id
LIMIT sqlc.arg(max_rows)::bigint;

-- name: UpdateDashboardFields :one
-- Name, description and default flag at once; no row when the version is stale.
UPDATE dashboards
SET name = sqlc.arg(name),
    description = sqlc.arg(description),
    is_default = sqlc.arg(is_default),
    version = version + 1,
    updated_at = statement_timestamp()
WHERE id = sqlc.arg(id) AND owner_id = sqlc.arg(owner_id) AND version = sqlc.arg(version)
RETURNING id, owner_id, name, description, is_default, version, created_at, updated_at;

-- name: BumpDashboardVersion :execrows
-- A widget of the dashboard changed: the dashboard's representation (with
-- its widgets) did too.
UPDATE dashboards
SET version = version + 1,
    updated_at = statement_timestamp()
WHERE id = sqlc.arg(id) AND owner_id = sqlc.arg(owner_id);

-- name: DeleteDashboardVersion :execrows
-- Cascades to the dashboard's widgets.
DELETE FROM dashboards
WHERE id = sqlc.arg(id) AND owner_id = sqlc.arg(owner_id) AND version = sqlc.arg(version);

-- name: PromoteOldestDashboard :one
-- Makes the owner's oldest dashboard the default, unless there is one. No
-- row: the owner has a default already, or no dashboard at all.
UPDATE dashboards
SET is_default = true,
    version = version + 1,
    updated_at = statement_timestamp()
WHERE id = (SELECT o.id FROM dashboards o WHERE o.owner_id = sqlc.arg(owner_id)
            ORDER BY o.created_at, o.id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM dashboards x WHERE x.owner_id = sqlc.arg(owner_id) AND x.is_default)
RETURNING id;

-- name: CopyWidgets :execrows
-- Copies the widgets of from_id to to_id, in their order. The caller checked
-- that both dashboards are the owner's.
INSERT INTO widgets (dashboard_id, kind, title, pos_x, pos_y, width, height, config, refresh_seconds)
SELECT sqlc.arg(to_id)::bigint, w.kind, w.title, w.pos_x, w.pos_y, w.width, w.height, w.config, w.refresh_seconds
FROM widgets w
WHERE w.dashboard_id = sqlc.arg(from_id)
ORDER BY w.id;

-- name: ListWidgetRects :many
-- Where the dashboard's widgets are, for overlap and layout checks.
SELECT id, pos_x, pos_y, width, height
FROM widgets
WHERE dashboard_id = sqlc.arg(dashboard_id)
ORDER BY id
LIMIT 1000;

-- name: UpdateWidgetVersion :one
-- Like UpdateWidget, but a new config may change the kind.
UPDATE widgets
SET kind = sqlc.arg(kind),
    title = sqlc.arg(title),
    pos_x = sqlc.arg(pos_x),
    pos_y = sqlc.arg(pos_y),
    width = sqlc.arg(width),
    height = sqlc.arg(height),
    config = sqlc.arg(config),
    refresh_seconds = sqlc.arg(refresh_seconds),
    version = version + 1,
    updated_at = statement_timestamp()
WHERE widgets.id = sqlc.arg(id) AND widgets.dashboard_id = sqlc.arg(dashboard_id)
  AND widgets.version = sqlc.arg(version)
  AND EXISTS (SELECT 1 FROM dashboards d WHERE d.id = widgets.dashboard_id AND d.owner_id = sqlc.arg(owner_id))
RETURNING id, dashboard_id, kind, title, pos_x, pos_y, width, height, config, refresh_seconds, version, created_at, updated_at;

-- name: DeleteWidgetVersion :execrows
DELETE FROM widgets
WHERE widgets.id = sqlc.arg(id) AND widgets.dashboard_id = sqlc.arg(dashboard_id)
  AND widgets.version = sqlc.arg(version)
  AND EXISTS (SELECT 1 FROM dashboards d WHERE d.id = widgets.dashboard_id AND d.owner_id = sqlc.arg(owner_id));

-- name: MoveWidget :execrows
-- One widget of a layout change; the caller checked the dashboard's owner.
UPDATE widgets
SET pos_x = sqlc.arg(pos_x),
    pos_y = sqlc.arg(pos_y),
    width = sqlc.arg(width),
    height = sqlc.arg(height),
    version = version + 1,
    updated_at = statement_timestamp()
WHERE id = sqlc.arg(id) AND dashboard_id = sqlc.arg(dashboard_id);

-- name: ListKnownSymbols :many
-- Which of the given symbols are assets: one query for a widget's symbols
-- (at most 51).
SELECT symbol
FROM assets
WHERE symbol = ANY(sqlc.arg(symbols)::text[])
LIMIT 100;
