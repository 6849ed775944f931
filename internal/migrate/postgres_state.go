package migrate

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"
)

// pgState is a PostgreSQL schema: its tables (with columns, indexes, keys
// and checks) and enums as atlas inspects them, and the objects atlas OSS
// does not see, read from the catalogs as "kind name" → definition.
// Not compared at all: ownership and grants, comments outside tables,
// domains, composite and range types, operators, collations, policies,
// publications and event triggers; the schema uses none.
type pgState struct {
	schema  *schema.Schema
	objects map[string]string
}

// catalogObjects read, for the schema $1, what atlas's inspection leaves
// out. Members of extensions (unaccent's function and dictionary) are left
// out too: an extension lives in whichever schema first created it.
// Extensions are per database, so every state lists all of them.
var catalogObjects = []string{
	// Functions and procedures: signature → everything that defines them.
	`SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
	        concat_ws(' ', 'returns', pg_get_function_result(p.oid), 'language', l.lanname,
	          'kind', p.prokind, 'volatility', p.provolatile, 'strict', p.proisstrict,
	          'parallel', p.proparallel, 'security definer', p.prosecdef,
	          'config', array_to_string(p.proconfig, ','), 'body', p.prosrc)
	   FROM pg_catalog.pg_proc p
	   JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
	   JOIN pg_catalog.pg_language l ON l.oid = p.prolang
	  WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
	        WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
	// Text search configurations: parser and, per token type, the dictionaries in order.
	`SELECT 'text search configuration ' || c.cfgname,
	        'parser ' || p.prsname || coalesce((SELECT '; ' || string_agg(x.alias || ' ' || x.dicts, '; ' ORDER BY x.alias)
	           FROM (SELECT t.alias, string_agg(d.dictname, ',' ORDER BY m.mapseqno) AS dicts
	                   FROM pg_catalog.pg_ts_config_map m
	                   JOIN pg_catalog.pg_ts_dict d ON d.oid = m.mapdict
	                   JOIN pg_catalog.ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype
	                  WHERE m.mapcfg = c.oid GROUP BY t.alias) x), '')
	   FROM pg_catalog.pg_ts_config c
	   JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
	   JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser
	  WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
	        WHERE d.classid = 'pg_catalog.pg_ts_config'::regclass AND d.objid = c.oid AND d.deptype = 'e')`,
	// Text search dictionaries.
	`SELECT 'text search dictionary ' || d.dictname,
	        'template ' || t.tmplname || ' options ' || coalesce(d.dictinitoption, '')
	   FROM pg_catalog.pg_ts_dict d
	   JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
	   JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate
	  WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x
	        WHERE x.classid = 'pg_catalog.pg_ts_dict'::regclass AND x.objid = d.oid AND x.deptype = 'e')`,
	// Triggers (not the internal ones behind foreign keys), whose definition
	// always names the table with its schema.
	`SELECT 'trigger ' || t.tgname || ' on ' || c.relname,
	        replace(pg_catalog.pg_get_triggerdef(t.oid), ' ON ' || quote_ident(n.nspname) || '.', ' ON ')
	   FROM pg_catalog.pg_trigger t
	   JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
	   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	  WHERE n.nspname = $1 AND NOT t.tgisinternal`,
	// Views and materialized views.
	`SELECT CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || c.relname,
	        pg_catalog.pg_get_viewdef(c.oid)
	   FROM pg_catalog.pg_class c
	   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	  WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')`,
	// Sequences other than those of identity and serial columns.
	`SELECT 'sequence ' || c.relname, concat_ws(' ', s.seqtypid::regtype, s.seqstart, s.seqincrement,
	          s.seqmin, s.seqmax, s.seqcache, s.seqcycle)
	   FROM pg_catalog.pg_class c
	   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	   JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
	  WHERE n.nspname = $1 AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
	        WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))`,
	`SELECT 'extension ' || e.extname, '' FROM pg_catalog.pg_extension e WHERE $1::text IS NOT NULL`,
}

// inspectPG inspects the schema named name through drv (bound to it) and q.
// Inside a transaction that has set its search_path, names in definitions
// print as they do on a database using the schema in its own search_path.
func inspectPG(ctx context.Context, drv migrate.Driver, q schema.ExecQuerier, name string) (*pgState, error) {
	s, err := drv.InspectSchema(ctx, name, &schema.InspectOptions{Exclude: []string{RevisionsTable}})
	if err != nil {
		return nil, fmt.Errorf("inspect: %w", err)
	}
	st := &pgState{schema: s, objects: make(map[string]string)}
	for _, query := range catalogObjects {
		rows, err := q.QueryContext(ctx, query, name)
		if err != nil {
			return nil, fmt.Errorf("inspect catalogs: %w", err)
		}
		for rows.Next() {
			var key, def string
			if err := rows.Scan(&key, &def); err != nil {
				rows.Close()
				return nil, fmt.Errorf("inspect catalogs: %w", err)
			}
			st.objects[key] = def
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, fmt.Errorf("inspect catalogs: %w", err)
		}
		rows.Close()
	}
	return st, nil
}

// pgDifferences describes how got differs from want, one line per
// difference; none means the same schema. The two may be different
// schemas (a scratch one and the live one): only their contents count.
func pgDifferences(drv migrate.Driver, got, want *pgState) ([]string, error) {
	// The states are throwaway: renaming renames every table's schema too.
	got.schema.Name, want.schema.Name = "schema", "schema"
	got.schema.Attrs, want.schema.Attrs = nil, nil // the comment on public
	changes, err := drv.SchemaDiff(got.schema, want.schema)
	if err != nil {
		return nil, fmt.Errorf("compare schemas: %w", err)
	}
	var out []string
	for _, c := range changes {
		out = append(out, describe(c)...)
	}
	for _, key := range slices.Sorted(maps.Keys(want.objects)) {
		switch g, ok := got.objects[key]; {
		case !ok:
			out = append(out, key+" is missing")
		case g != want.objects[key]:
			out = append(out, key+" differs")
		}
	}
	for _, key := range slices.Sorted(maps.Keys(got.objects)) {
		if _, ok := want.objects[key]; !ok {
			out = append(out, "unexpected "+key)
		}
	}
	return out, nil
}

// joinDifferences words differences for one error line.
func joinDifferences(diffs []string) string {
	const most = 10
	if len(diffs) > most {
		return strings.Join(diffs[:most], "; ") + fmt.Sprintf("; and %d more", len(diffs)-most)
	}
	return strings.Join(diffs, "; ")
}
