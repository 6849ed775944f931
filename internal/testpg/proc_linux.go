package testpg

import "syscall"

// sysProcAttr runs a PostgreSQL binary as cred (nil: as we are) and makes the
// kernel kill it if the test binary dies first. Go sets the parent-death
// signal after switching user, so the switch does not clear it.
func sysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
}
