package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"testing"
)

// explainer is a db.DBTX that runs EXPLAIN QUERY PLAN on each statement a
// generated query sends, with the same arguments, instead of the statement:
// db.New(explainer) turns every query method into a plan probe that changes
// nothing. The statement then appears to return no rows.
type explainer struct {
	db   *sql.DB
	tb   testing.TB
	plan []string // details of the last statement's plan
}

func (e *explainer) explain(ctx context.Context, query string, args []any) {
	e.tb.Helper()
	rows, err := e.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		e.tb.Fatalf("explain %s: %v", firstLine(query), err)
	}
	defer rows.Close()
	e.plan = e.plan[:0]
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			e.tb.Fatal(err)
		}
		e.plan = append(e.plan, detail)
	}
	if err := rows.Err(); err != nil {
		e.tb.Fatal(err)
	}
}

func (e *explainer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	e.explain(ctx, query, args)
	return driver.RowsAffected(0), nil
}

func (e *explainer) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return e.db.PrepareContext(ctx, query)
}

func (e *explainer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	e.explain(ctx, query, args)
	return e.db.QueryContext(ctx, "SELECT 1 WHERE 0")
}

func (e *explainer) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	e.explain(ctx, query, args)
	return e.db.QueryRowContext(ctx, "SELECT 1 WHERE 0")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// fullScans returns the plan steps that read a whole table: SCAN without an
// index (a virtual table's own index, e.g. FTS5 MATCH, is fine).
func fullScans(plan []string) []string {
	var out []string
	coroutines := map[string]bool{} // their rows are a subquery's output (bounded by its LIMIT), not a table
	for _, step := range plan {
		if name, ok := strings.CutPrefix(step, "CO-ROUTINE "); ok {
			coroutines[name] = true
		}
	}
	for _, step := range plan {
		if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, " USING ") &&
			!strings.Contains(step, "VIRTUAL TABLE") && step != "SCAN CONSTANT ROW" && !coroutines[strings.TrimPrefix(step, "SCAN ")] {
			out = append(out, step)
		}
	}
	return out
}
