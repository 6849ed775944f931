package migrate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReferences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give object
		want bool
	}{
		{"trigger on the table", object{Kind: kindTrigger, Table: "News", SQL: "CREATE TRIGGER x AFTER INSERT ON News BEGIN SELECT 1; END"}, true},
		{"view selecting from it", object{Kind: kindView, SQL: "CREATE VIEW v AS SELECT * FROM news JOIN a ON a.id = news.a"}, true},
		{"quoted", object{Kind: kindView, SQL: "CREATE VIEW v AS SELECT * FROM \"NEWS\""}, true},
		{"backquoted", object{Kind: kindView, SQL: "CREATE VIEW v AS SELECT * FROM `news`"}, true},
		{"bracketed", object{Kind: kindView, SQL: "CREATE VIEW v AS SELECT * FROM [news]"}, true},
		{"trigger body", object{Kind: kindTrigger, Table: "a", SQL: "CREATE TRIGGER x AFTER INSERT ON a BEGIN INSERT INTO news VALUES (1); END"}, true},
		{"string literal only", object{Kind: kindView, SQL: "CREATE VIEW v AS SELECT 'news' FROM a"}, false},
		{"comment only", object{Kind: kindView, SQL: "CREATE VIEW v AS SELECT 1 -- news\nFROM a /* news */"}, false},
		{"longer name", object{Kind: kindView, SQL: "CREATE VIEW v AS SELECT * FROM news_articles"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.give.references(map[string]bool{"news": true}); got != tt.want {
				t.Errorf("references = %v, want %v (identifiers %q)", got, tt.want, identifiers(tt.give.SQL))
			}
		})
	}
}

func TestFTS5Content(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give        string
		wantContent string
		wantSet     bool
		wantFTS5    bool
	}{
		{"CREATE VIRTUAL TABLE f USING fts5(title, body, content='news', content_rowid='id')", "news", true, true},
		{"CREATE VIRTUAL TABLE f USING FTS5 (title, content = \"news\", tokenize = 'porter unicode61')", "news", true, true},
		{"CREATE VIRTUAL TABLE f USING fts5(title, content='')", "", true, true},
		{"CREATE VIRTUAL TABLE f USING fts5(title, tokenize='unicode61 tokenchars ''=,''')", "", false, true},
		{"CREATE VIRTUAL TABLE f USING fts5(content_x, body)", "", false, true},
		{"CREATE VIRTUAL TABLE f USING rtree(id, minx, maxx)", "", false, false},
	}
	for _, tt := range tests {
		content, set, ok := fts5Content(tt.give)
		if diff := cmp.Diff([]any{tt.wantContent, tt.wantSet, tt.wantFTS5}, []any{content, set, ok}); diff != "" {
			t.Errorf("fts5Content(%s) (-want +got):\n%s", tt.give, diff)
		}
	}
}
