//go:build linux || darwin || freebsd

package store

import "syscall"

// freeBytes is the space available to unprivileged writers on the
// filesystem holding dir. The conversions are for the platforms whose
// Statfs_t fields have other integer types.
func freeBytes(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return int64(uint64(st.Bavail) * uint64(st.Bsize)), nil
}
