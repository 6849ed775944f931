-- Dashboards, always scoped to their owner: another user's dashboard is
-- indistinguishable from a missing one. Updates use optimistic locking: they
-- match id, owner and the version the client read, bump the version, and
-- return the new row, or no row (pgx.ErrNoRows) when the dashboard is gone
-- or the version is stale; GetDashboard tells the two apart. The API's
-- versioned update and delete are in dashboards_api.sql.

-- name: CreateDashboard :one
INSERT INTO dashboards (owner_id, name, description, is_default)
VALUES (sqlc.arg(owner_id), sqlc.arg(name), sqlc.arg(description), sqlc.arg(is_default))
RETURNING id, owner_id, name, description, is_default, version, created_at, updated_at;

-- name: GetDashboard :one
SELECT id, owner_id, name, description, is_default, version, created_at, updated_at
FROM dashboards
WHERE id = sqlc.arg(id) AND owner_id = sqlc.arg(owner_id);

-- name: GetDefaultDashboard :one
SELECT id, owner_id, name, description, is_default, version, created_at, updated_at
FROM dashboards
WHERE owner_id = sqlc.arg(owner_id) AND is_default;

-- name: ListDashboards :many
-- The owner's dashboards in creation order; keyset on id (first page: after_id = 0).
SELECT id, owner_id, name, description, is_default, version, created_at, updated_at
FROM dashboards
WHERE owner_id = sqlc.arg(owner_id) AND id > sqlc.arg(after_id)
ORDER BY id
LIMIT sqlc.arg(max_rows)::bigint;

-- name: CountDashboards :one
SELECT count(*) FROM dashboards WHERE owner_id = sqlc.arg(owner_id);

-- name: ClearDefaultDashboard :execrows
-- First half of making another dashboard the default (same transaction as
-- SetDefaultDashboard): the unique partial index allows one default per owner.
UPDATE dashboards
SET is_default = false,
    version = version + 1,
    updated_at = statement_timestamp()
WHERE owner_id = sqlc.arg(owner_id) AND is_default AND id <> sqlc.arg(keep_id);

-- name: SetDefaultDashboard :one
UPDATE dashboards
SET is_default = true,
    version = version + 1,
    updated_at = statement_timestamp()
WHERE id = sqlc.arg(id) AND owner_id = sqlc.arg(owner_id) AND version = sqlc.arg(version)
RETURNING id, owner_id, name, description, is_default, version, created_at, updated_at;
