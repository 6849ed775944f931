package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"

	atlas "ariga.io/atlas/sql/migrate"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/migrate"
)

func migrateCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: migrate needs a subcommand: status, up, down, diff, hash, validate or lint", errUsage)
	}
	if cfg.DB.URL != "" {
		return migratePostgres(ctx, cfg, log, args, stdout)
	}
	switch args[0] {
	case "status", "up", "down":
		return migrateDB(ctx, cfg, log, args, stdout)
	case "diff":
		return migrateDiff(ctx, args[1:], stdout)
	case "hash", "validate", "lint":
		return migrateDir(ctx, args[0], args[1:], stdout)
	default:
		return fmt.Errorf("%w: unknown migrate subcommand %q", errUsage, args[0])
	}
}

// migrateDB runs the subcommands that work on the database with the
// migrations compiled into the binary.
func migrateDB(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if args[0] == "status" && len(args) > 1 {
		return fmt.Errorf("%w: migrate status", errUsage)
	}
	n, err := countArg(args)
	if err != nil {
		return err
	}
	d, err := openTool(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	dir, err := migrate.Embedded()
	if err != nil {
		return err
	}
	m := migrate.New(d.Writer, dir, log)

	switch args[0] {
	case "status":
		st, err := m.Status(ctx)
		if err != nil {
			return err
		}
		return printStatus(st, d.Path(), stdout)
	case "up":
		applied, err := m.Up(ctx, n)
		if err != nil {
			return err
		}
		printApplied(applied, stdout)
		return nil
	default: // down
		reverted, err := m.Down(ctx, n)
		if err != nil {
			return err
		}
		if len(reverted) == 0 {
			fmt.Fprintln(stdout, "no applied migrations: nothing to revert")
		}
		for _, v := range reverted {
			fmt.Fprintf(stdout, "reverted %s\n", v)
		}
		return nil
	}
}

// printApplied reports what migrate up applied.
func printApplied(applied []string, stdout io.Writer) {
	if len(applied) == 0 {
		fmt.Fprintln(stdout, "database is up to date")
	}
	for _, v := range applied {
		fmt.Fprintf(stdout, "applied %s\n", v)
	}
}

// printStatus prints the migration status of the database at where (a
// path, or a URL without its password) and fails if the database has
// migrations that this binary does not have or has applied from different
// files.
func printStatus(st migrate.Status, where string, stdout io.Writer) error {
	current := st.Current
	if current == "" {
		current = "(none)"
	}
	fmt.Fprintf(stdout, "database: %s\ncurrent:  %s\napplied:  %d\npending:  %d\n", where, current, len(st.Applied), len(st.Pending))
	for _, v := range st.Pending {
		fmt.Fprintf(stdout, "  pending %s\n", v)
	}
	for _, v := range st.Unknown {
		fmt.Fprintf(stdout, "  UNKNOWN %s (applied, but not in this binary)\n", v)
	}
	for _, v := range st.Changed {
		fmt.Fprintf(stdout, "  CHANGED %s (applied from a different file than this binary's)\n", v)
	}
	return st.Validate()
}

// countArg reads the optional N of "up [N]" and "down [N]"; 0 means the
// default (all for up, 1 for down).
func countArg(args []string) (int, error) {
	if len(args) == 1 {
		return 0, nil
	}
	if len(args) == 2 {
		if n, err := strconv.Atoi(args[1]); err == nil && n > 0 {
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: migrate %s [N]: N must be a positive number", errUsage, args[0])
}

// migrateDiff plans a migration in the source tree.
func migrateDiff(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: migrate diff NAME", errUsage)
	}
	file, err := migrate.Diff(ctx, args[0], os.DirFS("schema"), "schema/migrations")
	if err != nil {
		return err
	}
	if file == "" {
		fmt.Fprintln(stdout, "schema/*.sql matches the migrations: nothing to plan")
		return nil
	}
	fmt.Fprintf(stdout, "planned schema/migrations/%s: review it, then commit it with atlas.sum\n", file)
	return nil
}

// migrateDir runs hash, validate and lint on a migration directory of the
// source tree.
func migrateDir(ctx context.Context, cmd string, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("migrate "+cmd, flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	path := flags.String("dir", "schema/migrations", "migration directory")
	var opts migrate.LintOptions
	if cmd == "lint" {
		flags.StringVar(&opts.Base, "base", "", "lint the files after this version")
		flags.BoolVar(&opts.All, "all", false, "lint every file")
	}
	if err := flags.Parse(args); err != nil || flags.NArg() > 0 || (opts.All && opts.Base != "") {
		if cmd == "lint" {
			return fmt.Errorf("%w: migrate lint [--dir DIR] [--base VERSION | --all]", errUsage)
		}
		return fmt.Errorf("%w: migrate %s [--dir DIR]", errUsage, cmd)
	}
	dir, err := atlas.NewLocalDir(*path)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", cmd, err)
	}
	switch cmd {
	case "hash":
		if err := migrate.Hash(dir); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(*path, atlas.HashFileName))
		return nil
	case "validate":
		if err := migrate.Validate(ctx, dir); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: atlas.sum matches and every migration replays cleanly\n", *path)
		return nil
	default: // lint
		findings, err := migrate.Lint(ctx, dir, opts)
		if err != nil {
			return err
		}
		for _, f := range findings {
			f.File = filepath.Join(*path, f.File)
			fmt.Fprintln(stdout, f)
		}
		if len(findings) > 0 {
			return fmt.Errorf("migrate lint: %d destructive or data-dependent changes", len(findings))
		}
		fmt.Fprintln(stdout, "migrate lint: no findings")
		return nil
	}
}
