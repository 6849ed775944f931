package migrate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"ariga.io/atlas/sql/migrate"
)

// fts5Args returns the arguments of a CREATE VIRTUAL TABLE ... USING
// fts5(...) statement, split at top-level commas; ok is false for other
// modules.
func fts5Args(sql string) (args []string, ok bool) {
	m := regexp.MustCompile(`(?is)\bUSING\s+fts5\s*\((.*)\)\s*$`).FindStringSubmatch(sql)
	if m == nil {
		return nil, false
	}
	depth, start, body := 0, 0, m[1]
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '\'', '"', '`':
			i = skipQuoted(body, i, c) - 1
		case '[':
			i = skipQuoted(body, i, ']') - 1
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				args, start = append(args, strings.TrimSpace(body[start:i])), i+1
			}
		}
	}
	return append(args, strings.TrimSpace(body[start:])), true
}

// fts5Content returns the content option of an FTS5 table: the external
// content table, "" for a contentless table; set is false when the FTS5
// table stores its own copy of the text, ok is false for other modules.
func fts5Content(sql string) (content string, set, ok bool) {
	args, ok := fts5Args(sql)
	if !ok {
		return "", false, false
	}
	for _, a := range args {
		key, value, found := strings.Cut(a, "=")
		if !found || !strings.EqualFold(strings.TrimSpace(key), "content") {
			continue
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && strings.ContainsRune(`'"`+"`[", rune(value[0])) {
			value = value[1 : len(value)-1]
		}
		return value, true, true
	}
	return "", false, true
}

// keepsRows reports whether the rows of the FTS5 table from, which stores
// its own text, are copied into its new definition to: both store their
// text and share a column. External content tables are rebuilt instead;
// the rows of contentless and other virtual tables are lost.
func keepsRows(from, to object) bool {
	_, fromSet, fromFTS := fts5Content(from.SQL)
	_, toSet, toFTS := fts5Content(to.SQL)
	if !fromFTS || !toFTS || fromSet || toSet {
		return false
	}
	return len(commonColumns(from, to)) > 0
}

func commonColumns(from, to object) []string {
	var cols []string
	for _, c := range to.Columns {
		if slices.ContainsFunc(from.Columns, func(f string) bool { return strings.EqualFold(f, c) }) {
			cols = append(cols, c)
		}
	}
	return cols
}

func oldName(o object) string { return "old_" + o.Name }

// renameVirtual moves a virtual table out of the way (with its shadow
// tables) so that fillVirtual can copy its rows into the new definition.
func renameVirtual(o object) *migrate.Change {
	return &migrate.Change{
		Cmd:     "ALTER TABLE " + quoteIdent(o.Name) + " RENAME TO " + quoteIdent(oldName(o)),
		Comment: fmt.Sprintf("keep the rows of %s %q while it is re-created", o.Kind, o.Name),
	}
}

// fillVirtual fills the re-created virtual table o: from the renamed old
// table when there is one, from its external content table for FTS5.
func fillVirtual(old, o object) []*migrate.Change {
	if old.Name != "" {
		cols := commonColumns(old, o)
		for i, c := range cols {
			cols[i] = quoteIdent(c)
		}
		list := strings.Join(append([]string{"rowid"}, cols...), ", ")
		return []*migrate.Change{
			{
				Cmd:     fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", quoteIdent(o.Name), list, list, quoteIdent(oldName(old))),
				Comment: fmt.Sprintf("copy the rows of %s %q", o.Kind, o.Name),
			},
			{Cmd: "DROP TABLE " + quoteIdent(oldName(old)), Comment: fmt.Sprintf("drop the old %s %q", o.Kind, o.Name)},
		}
	}
	if content, set, ok := fts5Content(o.SQL); ok && set && content != "" {
		name := quoteIdent(o.Name)
		return []*migrate.Change{{
			Cmd:     fmt.Sprintf("INSERT INTO %s(%s) VALUES ('rebuild')", name, name),
			Comment: fmt.Sprintf("index the rows of %q in %s %q", content, o.Kind, o.Name),
		}}
	}
	return nil
}
