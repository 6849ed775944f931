package migrate

import (
	"context"
	"fmt"
	"strings"

	"ariga.io/atlas/sql/schema"
)

// Kinds of objects atlas OSS does not manage.
const (
	kindVirtual = "virtual table"
	kindView    = "view"
	kindTrigger = "trigger"
)

// An object is a schema object that atlas OSS does not inspect (views,
// triggers) or misreads (virtual tables such as FTS5, whose shadow tables
// it would take for plain tables). Their sqlite_schema.sql text is the
// whole definition, so comparing it is comparing the objects.
type object struct {
	Kind  string
	Name  string
	Table string // the table a trigger fires on (tbl_name)
	SQL   string
	// Columns of a virtual table, to copy its rows when it is re-created.
	Columns []string
}

func (o object) key() string { return o.Kind + " " + strings.ToLower(o.Name) }

// objectsQuery lists the objects in creation order, which is an order they
// can be created in again.
const objectsQuery = `SELECT type, name, tbl_name, sql FROM sqlite_master
WHERE type IN ('view', 'trigger') OR (type = 'table' AND name IN
  (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual'))
ORDER BY rowid`

// readObjects returns the virtual tables, views and triggers of the
// database.
func readObjects(ctx context.Context, q schema.ExecQuerier) ([]object, error) {
	rows, err := q.QueryContext(ctx, objectsQuery)
	if err != nil {
		return nil, fmt.Errorf("read views, triggers and virtual tables: %w", err)
	}
	defer rows.Close()
	var objs []object
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.Kind, &o.Name, &o.Table, &o.SQL); err != nil {
			return nil, fmt.Errorf("read views, triggers and virtual tables: %w", err)
		}
		if o.Kind == "table" {
			o.Kind = kindVirtual
		}
		objs = append(objs, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read views, triggers and virtual tables: %w", err)
	}
	rows.Close() // an in-memory database has one connection: free it
	for i, o := range objs {
		if o.Kind != kindVirtual {
			continue
		}
		if objs[i].Columns, err = columns(ctx, q, o.Name); err != nil {
			return nil, err
		}
	}
	return objs, nil
}

func columns(ctx context.Context, q schema.ExecQuerier, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("columns of %s: %w", table, err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	return cols, nil
}

// virtualTables returns the names of the virtual tables and of the shadow
// tables that hold their data (news_fts_data, news_fts_idx, ...).
func virtualTables(ctx context.Context, q schema.ExecQuerier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx,
		"SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('virtual', 'shadow')")
	if err != nil {
		return nil, fmt.Errorf("list virtual tables: %w", err)
	}
	defer rows.Close()
	names := make(map[string]bool)
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("list virtual tables: %w", err)
		}
		names[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list virtual tables: %w", err)
	}
	return names, nil
}

// references reports whether o mentions one of names (lower case): a
// trigger fires on it, or its SQL uses it as an identifier. It errs on the
// side of yes, which only costs an unneeded drop and re-create.
func (o object) references(names map[string]bool) bool {
	if o.Kind == kindTrigger && names[strings.ToLower(o.Table)] {
		return true
	}
	for _, id := range identifiers(o.SQL) {
		if names[id] {
			return true
		}
	}
	return false
}

// identifiers returns the bare and quoted words of an SQL text in lower
// case, skipping string literals and comments.
func identifiers(sql string) []string {
	var ids []string
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'':
			i = skipQuoted(sql, i, '\'')
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			if j := strings.IndexByte(sql[i:], '\n'); j >= 0 {
				i += j + 1
			} else {
				i = len(sql)
			}
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			if j := strings.Index(sql[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(sql)
			}
		case c == '"' || c == '`' || c == '[':
			end := c
			if c == '[' {
				end = ']'
			}
			j := skipQuoted(sql, i, end)
			id := sql[i+1 : max(i+1, j-1)]
			ids = append(ids, strings.ToLower(strings.ReplaceAll(id, string(end)+string(end), string(end))))
			i = j
		case isWordByte(c):
			j := i
			for j < len(sql) && isWordByte(sql[j]) {
				j++
			}
			ids = append(ids, strings.ToLower(sql[i:j]))
			i = j
		default:
			i++
		}
	}
	return ids
}

// skipQuoted returns the index after the quoted text starting at sql[i],
// where a doubled closing quote is an escaped one.
func skipQuoted(sql string, i int, end byte) int {
	for j := i + 1; j < len(sql); j++ {
		if sql[j] != end {
			continue
		}
		if end != ']' && j+1 < len(sql) && sql[j+1] == end {
			j++
			continue
		}
		return j + 1
	}
	return len(sql)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 ||
		('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
