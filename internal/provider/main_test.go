package provider

import (
	"os"
	"testing"
)

// liveEnv holds the TWILIO_* variables the run started with, for TestAccLive only.
var liveEnv = map[string]string{}

// TestMain takes every variable the provider reads out of the environment once, so the
// developer's own Twilio settings cannot change an outcome, and acceptance tests can run
// in parallel (t.Setenv cannot be used by a parallel test). Tests that need a variable
// set it with t.Setenv and do not run in parallel.
func TestMain(m *testing.M) {
	for _, name := range envVars {
		if v, ok := os.LookupEnv(name); ok {
			liveEnv[name] = v
			_ = os.Unsetenv(name)
		}
	}
	os.Exit(m.Run())
}
