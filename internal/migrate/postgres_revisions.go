package migrate

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"
)

// createPGRevisions is the history table as the atlas CLI creates it on
// PostgreSQL, in the connection's current schema (the first of its
// search_path: public by default), where the CLI puts it when its URL names
// that schema (search_path=public).
const createPGRevisions = `CREATE TABLE IF NOT EXISTS ` + RevisionsTable + ` (
  version          character varying NOT NULL PRIMARY KEY,
  description      character varying NOT NULL,
  type             bigint            NOT NULL DEFAULT 2,
  applied          bigint            NOT NULL DEFAULT 0,
  total            bigint            NOT NULL DEFAULT 0,
  executed_at      timestamptz       NOT NULL,
  execution_time   bigint            NOT NULL,
  error            text              NULL,
  error_stmt       text              NULL,
  hash             character varying NOT NULL,
  partial_hashes   jsonb             NULL,
  operator_version character varying NOT NULL
)`

// partial_hashes is read as text: jsonb through database/sql is a driver's choice.
const selectPGRevisions = "SELECT version, description, type, applied, total, executed_at, " +
	"execution_time, error, error_stmt, hash, partial_hashes::text, operator_version FROM " + RevisionsTable

// pgRevisions implements migrate.RevisionReadWriter on a PostgreSQL
// connection or transaction; the table must exist.
type pgRevisions struct {
	q      schema.ExecQuerier
	schema string // the current schema, which holds the table
}

var _ migrate.RevisionReadWriter = (*pgRevisions)(nil)

func (r *pgRevisions) Ident() *migrate.TableIdent {
	return &migrate.TableIdent{Name: RevisionsTable, Schema: r.schema}
}

func (r *pgRevisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	return r.query(ctx, selectPGRevisions+" ORDER BY version")
}

func (r *pgRevisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	revs, err := r.query(ctx, selectPGRevisions+" WHERE version = $1", version)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		return nil, migrate.ErrRevisionNotExist
	}
	return revs[0], nil
}

func (r *pgRevisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
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
		"operator_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12) "+
		"ON CONFLICT (version) DO UPDATE SET description = excluded.description, "+
		"type = excluded.type, applied = excluded.applied, total = excluded.total, "+
		"executed_at = excluded.executed_at, execution_time = excluded.execution_time, "+
		"error = excluded.error, error_stmt = excluded.error_stmt, hash = excluded.hash, "+
		"partial_hashes = excluded.partial_hashes, operator_version = excluded.operator_version",
		rev.Version, rev.Description, int64(rev.Type), int64(rev.Applied), int64(rev.Total),
		rev.ExecutedAt.UTC(), int64(rev.ExecutionTime),
		nullString(rev.Error), nullString(rev.ErrorStmt), rev.Hash, partial, rev.OperatorVersion)
	if err != nil {
		return fmt.Errorf("write revision %s: %w", rev.Version, err)
	}
	return nil
}

func (r *pgRevisions) DeleteRevision(ctx context.Context, version string) error {
	if _, err := r.q.ExecContext(ctx, "DELETE FROM "+RevisionsTable+" WHERE version = $1", version); err != nil {
		return fmt.Errorf("delete revision %s: %w", version, err)
	}
	return nil
}

func (r *pgRevisions) query(ctx context.Context, query string, args ...any) ([]*migrate.Revision, error) {
	rows, err := r.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read revisions: %w", err)
	}
	defer rows.Close()
	var revs []*migrate.Revision
	for rows.Next() {
		rev, err := scanPGRevision(rows)
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

func scanPGRevision(rows *sql.Rows) (*migrate.Revision, error) {
	var (
		rev                       migrate.Revision
		typ, applied, total, dur  int64
		errText, errStmt, partial sql.NullString
	)
	if err := rows.Scan(&rev.Version, &rev.Description, &typ, &applied, &total,
		&rev.ExecutedAt, &dur, &errText, &errStmt, &rev.Hash, &partial, &rev.OperatorVersion); err != nil {
		return nil, err
	}
	if partial.Valid && partial.String != "" {
		if err := json.Unmarshal([]byte(partial.String), &rev.PartialHashes); err != nil {
			return nil, fmt.Errorf("revision %s: partial hashes: %w", rev.Version, err)
		}
	}
	rev.Type = migrate.RevisionType(typ)
	rev.Applied, rev.Total = int(applied), int(total)
	rev.ExecutedAt = rev.ExecutedAt.UTC()
	rev.ExecutionTime = time.Duration(dur)
	rev.Error, rev.ErrorStmt = errText.String, errStmt.String
	return &rev, nil
}

// readPGRevisions returns the applied revisions recorded in the current
// schema, none before the first Up.
func readPGRevisions(ctx context.Context, q schema.ExecQuerier) ([]*migrate.Revision, error) {
	rows, err := q.QueryContext(ctx, "SELECT 1 FROM pg_catalog.pg_tables "+
		"WHERE schemaname = current_schema() AND tablename = $1", RevisionsTable)
	if err != nil {
		return nil, fmt.Errorf("find revisions table: %w", err)
	}
	found := rows.Next()
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("find revisions table: %w", err)
	}
	if !found {
		return nil, nil
	}
	return (&pgRevisions{q: q}).ReadRevisions(ctx)
}
