package testpg

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ownerFile, in a cluster's directory, names the test binary that made it.
const ownerFile = "owner"

// ownerStamp identifies this process across pid reuse: its pid and start
// time (in clock ticks since boot).
func ownerStamp() string {
	start, _, ok := procStat(os.Getpid())
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d %s", os.Getpid(), start)
}

// sweepStale removes the cluster directories under root whose test binary
// is gone: killed before Main could remove them (its postmaster died with
// it). A directory without an owner file is left alone: it may be one that
// another binary is making.
func sweepStale(root string) {
	dirs, _ := filepath.Glob(filepath.Join(root, dirPattern))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue
		}
		var pid int
		var start string
		if _, err := fmt.Sscanf(string(b), "%d %s", &pid, &start); err != nil {
			continue
		}
		if got, state, ok := procStat(pid); ok && got == start && state != "Z" {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}

// procStat reads the start time and state of process pid from /proc.
func procStat(pid int) (start, state string, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", "", false
	}
	// pid (comm) state ppid ...: comm may hold spaces and parentheses.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 20 { // starttime is field 22, the 20th after comm
		return "", "", false
	}
	return f[19], f[0], true
}
