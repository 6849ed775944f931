//go:build unix

package testpg

import (
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// nobody is the fallback uid and gid of the unprivileged user.
const nobody = 65534

// serverUser returns the credential to run initdb and postgres with: nil
// unless we are root, which both refuse; then the user nobody. uid and gid
// are who must own the cluster's directory.
func serverUser() (cred *syscall.Credential, uid, gid int) {
	if os.Geteuid() != 0 {
		return nil, os.Geteuid(), os.Getegid()
	}
	uid, gid = nobody, nobody
	if u, err := user.Lookup("nobody"); err == nil {
		if n, err := strconv.Atoi(u.Uid); err == nil {
			uid = n
		}
		if n, err := strconv.Atoi(u.Gid); err == nil {
			gid = n
		}
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, uid, gid
}
