//go:build linux

package provider

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes a local API process end when this test process does, even when a
// -timeout panic or a signal ends it before TestMain can stop it.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
