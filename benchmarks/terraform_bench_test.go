package benchmarks

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// BenchmarkTerraformPlan times `terraform plan` of a configuration that reads every
// conversation of a local API process (20 ms per request) with the provider built from
// the repository root, run through dev_overrides. terraform is the one on PATH.
//
//	go test -run '^$' -bench TerraformPlan -benchtime 1x -count 3
//
// log=off is the plain wall time of the plan. log=trace runs the same plan with
// TF_LOG_PROVIDER, TF_LOG_SDK_FRAMEWORK and TF_LOG_SDK_PROTO at TRACE and reads the
// timestamps (millisecond resolution) of the provider's log lines to split the time:
//
//	rpc-ms   the ReadDataSource RPC in the provider ("Received request" to "Served request")
//	read-ms  the data source's Read ("Calling provider defined DataSource Read" to "Called ...")
//	list-ms  the client's listing (Read's start to "Listed Twilio Intelligence conversations")
//
// so rpc-ms - read-ms is the framework's own work on the result (semantic equality,
// msgpack encoding) and ns/op - rpc-ms is Terraform's (start-up, the plugin handshakes,
// decoding the state, planning and rendering), plus the logging itself.
func BenchmarkTerraformPlan(b *testing.B) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		b.Skip("terraform is not on PATH")
	}
	const lat = 20 * time.Millisecond
	for _, n := range []int{10_000, 50_000} {
		b.Run(fmt.Sprintf("n=%d/lat=%s", n, latName(lat)), func(b *testing.B) {
			dir := planDir(b, api(b, n, lat))
			for _, logMode := range []string{"off", "trace"} {
				b.Run("log="+logMode, func(b *testing.B) {
					var rpc, read, list time.Duration
					for range b.N {
						out, stderr := runPlan(b, tf, dir, logMode == "trace")
						if !strings.Contains(out, fmt.Sprintf("count = %d", n)) {
							b.Fatalf("the plan does not show count = %d:\n%s", n, out)
						}
						if logMode == "trace" {
							t := parsePlanLog(b, stderr)
							rpc += t.rpc
							read += t.read
							list += t.list
						}
					}
					if logMode == "trace" {
						ms := func(d time.Duration) float64 { return float64(d.Milliseconds()) / float64(b.N) }
						b.ReportMetric(ms(rpc), "rpc-ms")
						b.ReportMetric(ms(read), "read-ms")
						b.ReportMetric(ms(list), "list-ms")
					}
				})
			}
		})
	}
}

var (
	providerOnce sync.Once
	providerDir  string
	providerErr  error
)

// planDir writes the CLI configuration and the Terraform configuration for base into a
// temporary directory, building the provider first if needed.
func planDir(b *testing.B, base string) string {
	b.Helper()
	providerOnce.Do(func() {
		providerDir = filepath.Join(binDir, "provider")
		providerErr = goBuild(filepath.Join(providerDir, "terraform-provider-twilio"), ".")
	})
	if providerErr != nil {
		b.Fatal(providerErr)
	}
	dir := b.TempDir()
	cli := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "seed04710220/twilio" = %q
  }
  direct {}
}
`, providerDir)
	config := fmt.Sprintf(`terraform {
  required_providers {
    twilio = { source = "seed04710220/twilio" }
  }
}

provider "twilio" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
}

data "twilio_intelligence_conversations" "all" {}

output "count" {
  value = length(data.twilio_intelligence_conversations.all.ids)
}
`, base, intelligencetest.TestAccountSID, intelligencetest.TestAuthToken)
	for name, content := range map[string]string{"cli.tfrc": cli, "main.tf": config} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// runPlan runs terraform plan in dir, inside the timed region, and returns its stdout and
// stderr. The environment is this process's without any TF_ or TWILIO_ variable, plus the
// CLI configuration of dir.
func runPlan(b *testing.B, tf, dir string, trace bool) (string, string) {
	b.Helper()
	cmd := exec.CommandContext(context.Background(), tf, "plan", "-input=false", "-no-color", "-lock=false")
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "TWILIO_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "cli.tfrc"), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	if trace {
		cmd.Env = append(cmd.Env, "TF_LOG_PROVIDER=TRACE", "TF_LOG_SDK_FRAMEWORK=TRACE", "TF_LOG_SDK_PROTO=TRACE")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("terraform plan: %v\n%s\n%s", err, stdout.String(), tail(stderr.String(), 4000))
	}
	return stdout.String(), stderr.String()
}

type planTimes struct{ rpc, read, list time.Duration }

// parsePlanLog finds the ReadDataSource lines of the provider's log by their messages.
func parsePlanLog(b *testing.B, log string) planTimes {
	b.Helper()
	marks := map[string]time.Time{}
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		stamp, rest, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		at, err := time.Parse("2006-01-02T15:04:05.000Z0700", stamp)
		if err != nil {
			continue
		}
		for _, msg := range []string{"Received request", "Served request"} {
			if strings.Contains(rest, ": "+msg+":") && strings.Contains(rest, "tf_rpc=ReadDataSource") {
				marks[msg] = at
			}
		}
		for _, msg := range []string{"Calling provider defined DataSource Read", "Called provider defined DataSource Read", "Listed Twilio Intelligence conversations"} {
			if strings.Contains(rest, ": "+msg+":") {
				marks[msg] = at
			}
		}
	}
	if len(marks) != 5 {
		b.Fatalf("found %d of the 5 log lines (%v) in:\n%s", len(marks), marks, tail(log, 4000))
	}
	return planTimes{
		rpc:  marks["Served request"].Sub(marks["Received request"]),
		read: marks["Called provider defined DataSource Read"].Sub(marks["Calling provider defined DataSource Read"]),
		list: marks["Listed Twilio Intelligence conversations"].Sub(marks["Calling provider defined DataSource Read"]),
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
