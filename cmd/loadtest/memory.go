package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// memory is a process's resident memory as Linux reports it, in bytes: the
// whole set, its high-water mark, and the anonymous (heap, stacks) and
// file-backed (the binary's pages, the memory-mapped database) parts.
type memory struct {
	RSS, Peak, Anon, File int64
}

// readMemory reads /proc/PID/status.
func readMemory(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	var m memory
	fields := map[string]*int64{"VmRSS:": &m.RSS, "VmHWM:": &m.Peak, "RssAnon:": &m.Anon, "RssFile:": &m.File}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Fields(sc.Text())
		if len(parts) != 3 || parts[2] != "kB" {
			continue
		}
		if p, ok := fields[parts[0]]; ok {
			kb, err := strconv.ParseInt(parts[1], 10, 64)
			if err != nil {
				return memory{}, fmt.Errorf("%s %s: %w", parts[0], parts[1], err)
			}
			*p = kb << 10
		}
	}
	if err := sc.Err(); err != nil {
		return memory{}, err
	}
	if m.RSS == 0 {
		return memory{}, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return m, nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// memoryVerdict checks one figure against limit (MiB).
func memoryVerdict(target string, got int64, limit float64, m memory, err error) verdict {
	v := verdict{Scenario: "server process", Target: target}
	if err != nil {
		v.Status, v.Detail = skip, err.Error()
		return v
	}
	v.Detail = fmt.Sprintf("%.1f MiB (now: %.1f anonymous, %.1f file-backed)", mib(got), mib(m.Anon), mib(m.File))
	v.Status = fail
	if mib(got) <= limit {
		v.Status = pass
	}
	return v
}
