//go:build !(linux || darwin || freebsd)

package store

// freeBytes cannot tell the free space on this platform: -1.
func freeBytes(string) (int64, error) { return -1, nil }
