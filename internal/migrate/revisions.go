package migrate

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"
)

// RevisionsTable is the history table, named and shaped as the atlas CLI's.
const RevisionsTable = "atlas_schema_revisions"

const createRevisions = "CREATE TABLE IF NOT EXISTS `" + RevisionsTable + "` (" +
	"`version` text NOT NULL, `description` text NOT NULL, " +
	"`type` integer NOT NULL DEFAULT 2, `applied` integer NOT NULL DEFAULT 0, " +
	"`total` integer NOT NULL DEFAULT 0, `executed_at` datetime NOT NULL, " +
	"`execution_time` integer NOT NULL, `error` text NULL, `error_stmt` text NULL, " +
	"`hash` text NOT NULL, `partial_hashes` json NULL, `operator_version` text NOT NULL, " +
	"PRIMARY KEY (`version`))"

const selectRevisions = "SELECT version, description, type, applied, total, executed_at, " +
	"execution_time, error, error_stmt, hash, partial_hashes, operator_version FROM " + RevisionsTable

// timeLayout is how executed_at is stored (the layout SQLite drivers parse).
const timeLayout = "2006-01-02 15:04:05.999999999-07:00"

// revisions implements migrate.RevisionReadWriter on a connection or a
// transaction; the table must exist.
type revisions struct {
	q schema.ExecQuerier
}

var _ migrate.RevisionReadWriter = (*revisions)(nil)

func (*revisions) Ident() *migrate.TableIdent {
	return &migrate.TableIdent{Name: RevisionsTable}
}

func (r *revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	return r.query(ctx, selectRevisions+" ORDER BY version")
}

func (r *revisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	revs, err := r.query(ctx, selectRevisions+" WHERE version = ?", version)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		return nil, migrate.ErrRevisionNotExist
	}
	return revs[0], nil
}

func (r *revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	var partial sql.NullString
	if len(rev.PartialHashes) > 0 {
		b, err := json.Marshal(rev.PartialHashes)
		if err != nil {
			return fmt.Errorf("write revision %s: %w", rev.Version, err)
		}
		partial = sql.NullString{String: string(b), Valid: true}
	}
	_, err := r.q.ExecContext(ctx, "INSERT INTO "+RevisionsTable+" (version, description, type, "+
		"applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, "+
		"operator_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "+
		"ON CONFLICT (version) DO UPDATE SET description = excluded.description, "+
		"type = excluded.type, applied = excluded.applied, total = excluded.total, "+
		"executed_at = excluded.executed_at, execution_time = excluded.execution_time, "+
		"error = excluded.error, error_stmt = excluded.error_stmt, hash = excluded.hash, "+
		"partial_hashes = excluded.partial_hashes, operator_version = excluded.operator_version",
		rev.Version, rev.Description, int64(rev.Type), rev.Applied, rev.Total,
		rev.ExecutedAt.UTC().Format(timeLayout), int64(rev.ExecutionTime),
		nullString(rev.Error), nullString(rev.ErrorStmt), rev.Hash, partial, rev.OperatorVersion)
	if err != nil {
		return fmt.Errorf("write revision %s: %w", rev.Version, err)
	}
	return nil
}

func (r *revisions) DeleteRevision(ctx context.Context, version string) error {
	if _, err := r.q.ExecContext(ctx, "DELETE FROM "+RevisionsTable+" WHERE version = ?", version); err != nil {
		return fmt.Errorf("delete revision %s: %w", version, err)
	}
	return nil
}

func (r *revisions) query(ctx context.Context, query string, args ...any) ([]*migrate.Revision, error) {
	rows, err := r.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read revisions: %w", err)
	}
	defer rows.Close()
	var revs []*migrate.Revision
	for rows.Next() {
		rev, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("read revisions: %w", err)
		}
		revs = append(revs, rev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read revisions: %w", err)
	}
	return revs, nil
}

func scanRevision(rows *sql.Rows) (*migrate.Revision, error) {
	var (
		rev                       migrate.Revision
		typ, duration             int64
		executedAt                string
		errText, errStmt, partial sql.NullString
	)
	if err := rows.Scan(&rev.Version, &rev.Description, &typ, &rev.Applied, &rev.Total,
		&executedAt, &duration, &errText, &errStmt, &rev.Hash, &partial, &rev.OperatorVersion); err != nil {
		return nil, err
	}
	at, err := parseTime(executedAt)
	if err != nil {
		return nil, fmt.Errorf("revision %s: %w", rev.Version, err)
	}
	if partial.Valid && partial.String != "" {
		if err := json.Unmarshal([]byte(partial.String), &rev.PartialHashes); err != nil {
			return nil, fmt.Errorf("revision %s: partial hashes: %w", rev.Version, err)
		}
	}
	rev.Type = migrate.RevisionType(typ)
	rev.ExecutedAt = at
	rev.ExecutionTime = time.Duration(duration)
	rev.Error, rev.ErrorStmt = errText.String, errStmt.String
	return &rev, nil
}

// parseTime accepts the stored layout and RFC 3339, which is what
// database/sql produces when the driver hands back a time.Time.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{timeLayout, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("parse executed_at %q", s)
}

func nullString(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// hasRevisionsTable reports whether the history table exists yet.
func hasRevisionsTable(ctx context.Context, q schema.ExecQuerier) (bool, error) {
	rows, err := q.QueryContext(ctx,
		"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", RevisionsTable)
	if err != nil {
		return false, fmt.Errorf("find revisions table: %w", err)
	}
	defer rows.Close()
	found := rows.Next()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("find revisions table: %w", err)
	}
	return found, nil
}

// readRevisions returns the applied revisions, none before the first Up.
func readRevisions(ctx context.Context, q schema.ExecQuerier) ([]*migrate.Revision, error) {
	ok, err := hasRevisionsTable(ctx, q)
	if err != nil || !ok {
		return nil, err
	}
	return (&revisions{q: q}).ReadRevisions(ctx)
}
