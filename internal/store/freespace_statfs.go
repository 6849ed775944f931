//go:build linux || darwin || freebsd

package store

import "syscall"

// freeBytes is the space available to unprivileged writers on the
// filesystem holding dir.
func freeBytes(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return int64(uint64(st.Bavail) * uint64(st.Bsize)), nil //nolint:unconvert,gosec // field types differ by platform
}
