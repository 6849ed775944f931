//go:build !linux

package testpg

// Without /proc there is no telling whether a directory's test binary is
// gone: directories of killed binaries stay.
const ownerFile = "owner"

func ownerStamp() string { return "" }

func sweepStale(string) {}
