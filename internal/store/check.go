package store

import (
	"context"
	"fmt"
)

// CheckReport is the outcome of Check: empty slices mean a healthy file.
type CheckReport struct {
	Integrity   []string // rows of PRAGMA integrity_check other than "ok"
	ForeignKeys []string // violations from PRAGMA foreign_key_check
}

// OK reports whether nothing was found.
func (r CheckReport) OK() bool { return len(r.Integrity) == 0 && len(r.ForeignKeys) == 0 }

// Check runs PRAGMA integrity_check and PRAGMA foreign_key_check.
func (d *DB) Check(ctx context.Context) (CheckReport, error) {
	var rep CheckReport
	rows, err := d.Reader.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return rep, fmt.Errorf("integrity check: %w", err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return rep, fmt.Errorf("integrity check: %w", err)
		}
		if line != "ok" {
			rep.Integrity = append(rep.Integrity, line)
		}
	}
	if err := rows.Close(); err != nil {
		return rep, fmt.Errorf("integrity check: %w", err)
	}

	rows, err = d.Reader.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return rep, fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid any
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return rep, fmt.Errorf("foreign key check: %w", err)
		}
		rep.ForeignKeys = append(rep.ForeignKeys, fmt.Sprintf("%s row %v refers to a missing %s row (constraint %d)", table, rowid, parent, fkid))
	}
	return rep, rows.Err()
}
