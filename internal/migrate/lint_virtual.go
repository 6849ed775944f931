package migrate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"
)

// codeDropVirtual reports dropping a virtual table that holds rows nothing
// else holds; atlas cannot see virtual tables, so it is this package's own.
const codeDropVirtual = "VT101"

// virtualDrops follows, while loadFile executes a file, the virtual tables
// that hold their own rows and that the file removes for good.
type virtualDrops struct {
	owners  map[string]string // lower-case name → name, before the file
	removed map[string]int    // lower-case name → position of the removal
}

func newVirtualDrops(ctx context.Context, q schema.ExecQuerier) (*virtualDrops, error) {
	objs, err := readObjects(ctx, q)
	if err != nil {
		return nil, err
	}
	shadows, err := shadowTables(ctx, q)
	if err != nil {
		return nil, err
	}
	v := &virtualDrops{owners: make(map[string]string), removed: make(map[string]int)}
	for _, o := range objs {
		if o.Kind == kindVirtual && holdsRows(o, shadows) {
			v.owners[strings.ToLower(o.Name)] = o.Name
		}
	}
	return v, nil
}

// holdsRows reports whether dropping the virtual table o loses data: it
// keeps shadow tables and is not an index over an external content table,
// which a new index can be rebuilt from.
func holdsRows(o object, shadows []string) bool {
	if content, set, ok := fts5Content(o.SQL); ok && set && content != "" {
		return false
	}
	for _, s := range shadows {
		if strings.HasPrefix(strings.ToLower(s), strings.ToLower(o.Name)+"_") {
			return true
		}
	}
	return false
}

func shadowTables(ctx context.Context, q schema.ExecQuerier) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'")
	if err != nil {
		return nil, fmt.Errorf("list shadow tables: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list shadow tables: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// after records the tables the statement at pos removed.
func (v *virtualDrops) after(ctx context.Context, q schema.ExecQuerier, pos int) error {
	if len(v.owners) == 0 {
		return nil
	}
	names, err := virtualTables(ctx, q)
	if err != nil {
		return err
	}
	present := make(map[string]bool, len(names))
	for n := range names {
		present[strings.ToLower(n)] = true
	}
	for key := range v.owners {
		_, seen := v.removed[key]
		switch {
		case !present[key] && !seen:
			v.removed[key] = pos
		case present[key]:
			delete(v.removed, key) // re-created, possibly with its rows
		}
	}
	return nil
}

// findings reports the tables still missing at the end of the file.
func (v *virtualDrops) findings(name string, b []byte) []Finding {
	var out []Finding
	for key, pos := range v.removed {
		l, c := position(b, pos)
		out = append(out, Finding{File: name, Line: l, Col: c, Code: codeDropVirtual,
			Text: fmt.Sprintf("Dropping virtual table %q and the rows only it holds", v.owners[key])})
	}
	slices.SortFunc(out, func(a, b Finding) int { return cmp.Or(a.Line-b.Line, a.Col-b.Col) })
	return out
}
