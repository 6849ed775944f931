package migrate

import (
	"context"
	"fmt"
	"strings"

	"ariga.io/atlas/sql/schema"
)

// collate works around atlas OSS for SQLite ignoring COLLATE on index
// columns: it neither inspects nor writes them, so
// "ON assets (name COLLATE NOCASE, id)" would silently become a BINARY
// index. After each inspection, index parts with a non-BINARY collation are
// turned into expressions such as "`name` COLLATE NOCASE", which atlas
// compares and writes verbatim (SQLite still records them as column parts).
func (d atlasDriver) collate(ctx context.Context, t *schema.Table, idx *schema.Index) error {
	colls, err := d.collations(ctx, idx.Name)
	if err != nil {
		return err
	}
	if len(colls) != len(idx.Parts) {
		return fmt.Errorf("index %s: %d parts, %d collations", idx.Name, len(idx.Parts), len(colls))
	}
	for i, part := range idx.Parts {
		coll := colls[i]
		if strings.EqualFold(coll, "BINARY") {
			continue
		}
		if strings.HasPrefix(idx.Name, "sqlite_autoindex") {
			return fmt.Errorf("table %s: index %s: COLLATE %s on a PRIMARY KEY or UNIQUE "+
				"constraint is not supported by atlas: use CREATE UNIQUE INDEX", t.Name, idx.Name, coll)
		}
		switch {
		case part.C != nil:
			part.X = &schema.RawExpr{X: quoteIdent(part.C.Name) + " COLLATE " + coll}
			part.C = nil
		case part.X != nil:
			x, ok := part.X.(*schema.RawExpr)
			if !ok {
				return fmt.Errorf("index %s: unexpected part %T", idx.Name, part.X)
			}
			if !strings.Contains(strings.ToUpper(x.X), "COLLATE") {
				part.X = &schema.RawExpr{X: x.X + " COLLATE " + coll}
			}
		}
	}
	return nil
}

// collations returns the collation of each key column of an index.
func (d atlasDriver) collations(ctx context.Context, index string) ([]string, error) {
	rows, err := d.QueryContext(ctx,
		"SELECT coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", index)
	if err != nil {
		return nil, fmt.Errorf("index %s collations: %w", index, err)
	}
	defer rows.Close()
	var colls []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("index %s collations: %w", index, err)
		}
		colls = append(colls, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("index %s collations: %w", index, err)
	}
	return colls, nil
}

func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}
