//go:build !linux

package testvalkey

import "syscall"

func sysProcAttr() *syscall.SysProcAttr { return nil }
