package main

import (
	"fmt"
	"io"

	"github.com/marketpulse/api/internal/buildinfo"
)

func printVersion(w io.Writer) error {
	b := buildinfo.Read()
	_, err := fmt.Fprintf(w, "marketpulse %s (commit %s, built %s, %s)\n", b.Version, b.Commit, b.BuildTime, b.GoVersion)
	return err
}
