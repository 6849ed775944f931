package migrate

import (
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"
)

func TestNextVersion(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name string
		give []string
		want string
	}{
		{"empty directory", nil, "20260102020405"},
		{"older files", []string{"20250101000000_init.sql"}, "20260102020405"},
		{"same second", []string{"20260102020405_a.sql"}, "20260102020406"},
		{"clock behind", []string{"20270101000000_a.sql"}, "20270101000001"},
		{"non-numeric version", []string{"v1_a.sql"}, "20260102020405"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var files []migrate.File
			for _, n := range tt.give {
				files = append(files, migrate.NewLocalFile(n, nil))
			}
			if got := nextVersion(now, files); got != tt.want {
				t.Errorf("nextVersion = %s, want %s", got, tt.want)
			}
		})
	}
}
