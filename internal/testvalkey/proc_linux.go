package testvalkey

import "syscall"

// sysProcAttr makes the kernel kill valkey-server if the test binary dies first.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
