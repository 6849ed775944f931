// Package buildinfo reports what binary is running. Version, Commit and
// BuildTime are set at link time (-ldflags "-X ...") by the Makefile; a plain
// `go build` falls back to the module's VCS stamp where there is one.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Set at link time.
var (
	Version   = "dev"
	Commit    = ""
	BuildTime = ""
)

// Info describes the running binary.
type Info struct {
	Version, Commit, BuildTime, GoVersion string
}

// Read returns the build information.
func Read() Info {
	info := Info{Version: Version, Commit: Commit, BuildTime: BuildTime, GoVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && info.Commit == "":
				info.Commit = s.Value
			case s.Key == "vcs.time" && info.BuildTime == "":
				info.BuildTime = s.Value
			}
		}
	}
	if info.Commit == "" {
		info.Commit = "unknown"
	}
	if info.BuildTime == "" {
		info.BuildTime = "unknown"
	}
	return info
}
