package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// durabilityEnv names the database file TestHelperProcessWriter writes to;
// unset, that test does nothing.
const durabilityEnv = "MARKETPULSE_STORE_DURABILITY_DB"

// TestHelperProcessWriter is not a test: TestCommittedRowsSurviveSIGKILL runs
// the test binary again with only this test selected. It commits articles
// one transaction at a time, forever, and prints each committed id.
func TestHelperProcessWriter(t *testing.T) {
	path := os.Getenv(durabilityEnv)
	if path == "" {
		t.Skip("helper process for TestCommittedRowsSurviveSIGKILL")
	}
	ctx := context.Background()
	d, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		var id int64
		err := d.InTx(ctx, func(q *db.Queries) error {
			a, err := q.InsertArticle(ctx, articleParams(i, fmt.Sprint("Durable article ", i), "", time.Now()))
			id = a.ID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Printed only once committed; flushed so the parent sees it at once.
		fmt.Fprintln(out, id)
		_ = out.Flush()
	}
}

// TestCommittedRowsSurviveSIGKILL kills a writing process mid-load and
// checks that the file is intact and holds every row it reported committed.
func TestCommittedRowsSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a writer process")
	}
	t.Parallel()
	d := mustOpen(t)
	path := d.Path()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), durabilityEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var committed []int64
	lines := bufio.NewScanner(stdout)
	for len(committed) < 300 && lines.Scan() {
		id, err := strconv.ParseInt(lines.Text(), 10, 64)
		if err != nil {
			continue // the test framework's own output
		}
		committed = append(committed, id)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Ids printed between our last read and the kill were committed too.
	for lines.Scan() {
		if id, err := strconv.ParseInt(lines.Text(), 10, 64); err == nil {
			committed = append(committed, id)
		}
	}
	_ = cmd.Wait()
	if len(committed) < 300 {
		t.Fatalf("the writer reported only %d commits", len(committed))
	}

	re, err := store.Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = re.Close() })
	var integrity string
	if err := re.Reader.QueryRowContext(t.Context(), "PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	ftsIntegrity(t, re)
	for _, id := range committed {
		if _, err := re.Read.GetArticle(t.Context(), id); err != nil {
			t.Errorf("committed article %d: %v", id, err)
		}
	}
	t.Logf("%d committed rows survived SIGKILL", len(committed))
}
