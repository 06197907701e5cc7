// Package benchmarks compares the provider's Intelligence API client with twilio-go and
// with a bare net/http + encoding/json loop, against the local Intelligence API run as a
// separate process, and times terraform plan end to end. It is a module of its own so
// that twilio-go never enters the provider's dependency graph. See ../BENCHMARKS.md.
package benchmarks
