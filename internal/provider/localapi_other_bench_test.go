//go:build !linux

package provider

import "os/exec"

// dieWithParent is Linux-only (Pdeathsig); elsewhere the benchmark's cleanup is all there is.
func dieWithParent(*exec.Cmd) {}
