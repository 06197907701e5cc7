//go:build !linux

package benchmarks

import "os/exec"

// dieWithParent is Linux-only (Pdeathsig); elsewhere TestMain's cleanup is all there is.
func dieWithParent(*exec.Cmd) {}
