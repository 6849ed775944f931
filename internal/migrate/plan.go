package migrate

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"
)

const (
	pragmaFKOff = "PRAGMA foreign_keys = off"
	pragmaFKOn  = "PRAGMA foreign_keys = on"
)

// plan returns the changes that turn the schema from into the schema to:
// atlas's plan for the tables, preceded by dropping the views, triggers and
// virtual tables that are removed, changed or in the way of a table rebuild,
// and followed by creating them as to has them. The plan has no changes
// when the schemas match. drv must be connected to a database in state from.
func plan(ctx context.Context, drv migrate.Driver, name string, from, to *state) (*migrate.Plan, error) {
	changes, err := drv.RealmDiff(from.realm, to.realm)
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	p := &migrate.Plan{Name: name, Transactional: true}
	if len(changes) > 0 {
		forceRebuilds(changes)
		p, err = drv.PlanChanges(ctx, name, changes, func(o *migrate.PlanOptions) { o.Indent = "  " })
		if err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
	}
	pre, post := objectChanges(from.objects, to.objects, replacedTables(p))
	// Keep atlas's foreign key pragmas around the whole plan.
	head, body, tail := p.Changes, []*migrate.Change(nil), []*migrate.Change(nil)
	if len(head) > 0 && head[0].Cmd == pragmaFKOff {
		head, body = head[:1], head[1:]
	} else {
		head, body = nil, head
	}
	if n := len(body); n > 0 && body[n-1].Cmd == pragmaFKOn {
		body, tail = body[:n-1], body[n-1:]
	}
	p.Changes = slices.Concat(head, pre, body, post, tail)
	return p, nil
}

// forceRebuilds works around atlas planning ALTER TABLE ... ADD COLUMN for
// a NOT NULL column without a default, which SQLite rejects even on an
// empty table. An extra change that ALTER TABLE cannot express makes atlas
// rebuild the table instead: that works on an empty table and fails, as it
// must, on a table with rows.
func forceRebuilds(changes []schema.Change) {
	for _, c := range changes {
		m, ok := c.(*schema.ModifyTable)
		if ok && slices.ContainsFunc(m.Changes, func(c schema.Change) bool {
			add, ok := c.(*schema.AddColumn)
			return ok && !add.C.Type.Null && add.C.Default == nil &&
				!slices.ContainsFunc(add.C.Attrs, func(a schema.Attr) bool { _, ok := a.(*schema.GeneratedExpr); return ok })
		}) {
			m.Changes = append(m.Changes, &schema.ModifyAttr{})
		}
	}
}

// replacedTables returns the tables (lower case) that the plan drops,
// renames or rebuilds. A rebuild drops the table's triggers, and renaming
// the new table fails while a view or trigger refers to a missing table.
func replacedTables(p *migrate.Plan) map[string]bool {
	names := make(map[string]bool)
	for _, c := range p.Changes {
		switch src := c.Source.(type) {
		case *schema.DropTable:
			names[strings.ToLower(src.T.Name)] = true
		case *schema.RenameTable:
			names[strings.ToLower(src.From.Name)] = true
		case *schema.ModifyTable:
			if strings.HasPrefix(c.Cmd, "DROP TABLE") {
				names[strings.ToLower(src.T.Name)] = true
			}
		}
	}
	return names
}

// objectChanges plans the virtual tables, views and triggers: pre drops
// those of from that to lacks or defines differently, and those that refer
// to a replaced table or to another dropped object; post creates those of
// to that are new or were dropped, in to's creation order.
func objectChanges(from, to []object, replaced map[string]bool) (pre, post []*migrate.Change) {
	want := make(map[string]object, len(to))
	for _, o := range to {
		want[o.key()] = o
	}
	drop := droppedObjects(from, want, replaced)
	pre, old := dropChanges(from, want, drop)
	post = createChanges(from, to, drop, old)
	return pre, post
}

// droppedObjects returns the objects of from (by key) that the plan drops,
// with the reason: removed or changed in want, or referring to a replaced
// table or to a dropped view or virtual table, transitively.
func droppedObjects(from []object, want map[string]object, replaced map[string]bool) map[string]string {
	drop := make(map[string]string) // key → reason
	gone := make(map[string]bool)   // names that are missing for a while
	for name := range replaced {
		gone[name] = true
	}
	for _, o := range from {
		w, ok := want[o.key()]
		switch {
		case !ok:
			drop[o.key()] = "removed"
		case w.SQL != o.SQL:
			drop[o.key()] = "changed"
		default:
			continue
		}
		if o.Kind != kindTrigger {
			gone[strings.ToLower(o.Name)] = true
		}
	}
	for more := true; more; {
		more = false
		for _, o := range from {
			if _, ok := drop[o.key()]; ok || o.Kind == kindVirtual || !o.references(gone) {
				continue
			}
			drop[o.key()], more = "refers to a replaced or dropped object", true
			if o.Kind == kindView {
				gone[strings.ToLower(o.Name)] = true
			}
		}
	}
	return drop
}

// dropChanges drops the objects of drop: triggers, then views, then virtual
// tables, each kind in the reverse of from's creation order. A virtual table
// whose rows go into its new definition (keepsRows) is renamed instead, and
// returned in old by key.
func dropChanges(from []object, want map[string]object, drop map[string]string) (pre []*migrate.Change, old map[string]object) {
	old = make(map[string]object) // virtual tables whose rows are kept
	for _, kind := range []string{kindTrigger, kindView, kindVirtual} {
		for _, o := range slices.Backward(from) {
			reason, ok := drop[o.key()]
			if !ok || o.Kind != kind {
				continue
			}
			if w, ok := want[o.key()]; ok && keepsRows(o, w) {
				old[o.key()] = o
				pre = append(pre, renameVirtual(o))
				continue
			}
			pre = append(pre, &migrate.Change{
				Cmd:     "DROP " + dropKeyword(o.Kind) + " " + quoteIdent(o.Name),
				Comment: fmt.Sprintf("drop %s %q (%s)", o.Kind, o.Name, reason),
			})
		}
	}
	return pre, old
}

// createChanges creates the objects of to that from lacks or that drop
// holds: virtual tables, then views, then triggers, each kind in to's
// creation order. A virtual table renamed in old gets its rows back.
func createChanges(from, to []object, drop map[string]string, old map[string]object) (post []*migrate.Change) {
	have := make(map[string]bool, len(from))
	for _, o := range from {
		have[o.key()] = true
	}
	for _, kind := range []string{kindVirtual, kindView, kindTrigger} {
		for _, o := range to {
			_, dropped := drop[o.key()]
			if o.Kind != kind || (have[o.key()] && !dropped) {
				continue
			}
			post = append(post, &migrate.Change{Cmd: o.SQL, Comment: fmt.Sprintf("create %s %q", o.Kind, o.Name)})
			if kind == kindVirtual {
				post = append(post, fillVirtual(old[o.key()], o)...)
			}
		}
	}
	return post
}

func dropKeyword(kind string) string {
	switch kind {
	case kindTrigger:
		return "TRIGGER"
	case kindView:
		return "VIEW"
	default:
		return "TABLE"
	}
}
