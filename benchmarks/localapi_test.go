package benchmarks

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The benchmarks run the local Intelligence API as a separate process
// (cmd/intelligence-local-api), one per data-set size and latency, so that the server's
// own allocations, heap and garbage collector never show up in the figures of the client
// being measured. The binaries are built once, from the parent module at the repository
// root (so with its go.mod, not this module's), into a temporary directory.

var (
	repoRoot string // the parent module's directory
	binDir   string // where TestMain builds the binaries

	apisMu sync.Mutex
	apis   = map[apiKey]*localAPI{}
)

type apiKey struct {
	n       int
	latency time.Duration
}

// localAPI is one running intelligence-local-api process.
type localAPI struct {
	url  string
	cmd  *exec.Cmd
	log  *bytes.Buffer
	done chan struct{} // closed when the process has exited and been reaped
}

func TestMain(m *testing.M) {
	flag.Parse()
	code, err := run(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchmarks:", err)
		code = 1
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	wd, err := os.Getwd()
	if err != nil {
		return 0, err
	}
	repoRoot = filepath.Dir(wd)
	binDir, err = os.MkdirTemp("", "twilio-benchmarks-bin-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(binDir)
	if err := goBuild(filepath.Join(binDir, "intelligence-local-api"), "./cmd/intelligence-local-api"); err != nil {
		return 0, err
	}
	defer stopAPIs()
	return m.Run(), nil
}

// goBuild builds pkg (relative to the repository root) from the parent module.
func goBuild(out, pkg string) error {
	cmd := exec.CommandContext(context.Background(), "go", "build", "-o", out, pkg)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, b)
	}
	return nil
}

// api returns the base URL of a local API process serving n conversations (seed 1, the
// default 120-day span) with the given per-request latency, starting it on first use.
// Processes live until TestMain ends, so -count repetitions reuse them.
func api(tb testing.TB, n int, latency time.Duration) string {
	tb.Helper()
	apisMu.Lock()
	defer apisMu.Unlock()
	key := apiKey{n, latency}
	if a, ok := apis[key]; ok {
		return a.url
	}
	a, err := startAPI(n, latency)
	if err != nil {
		tb.Fatal(err)
	}
	apis[key] = a
	return a.url
}

// apiPID is the process id of the local API serving base, 0 if none.
func apiPID(base string) int {
	apisMu.Lock()
	defer apisMu.Unlock()
	for _, a := range apis {
		if a.url == base {
			return a.cmd.Process.Pid
		}
	}
	return 0
}

func startAPI(n int, latency time.Duration) (*localAPI, error) {
	urlFile := filepath.Join(binDir, fmt.Sprintf("api-%d-%s.url", n, latency))
	a := &localAPI{log: &bytes.Buffer{}, done: make(chan struct{})}
	a.cmd = exec.CommandContext(context.Background(), filepath.Join(binDir, "intelligence-local-api"),
		"-addr", "127.0.0.1:0", "-conversations", fmt.Sprint(n), "-seed", "1",
		"-latency", latency.String(), "-url-file", urlFile)
	a.cmd.Stdout, a.cmd.Stderr = a.log, a.log
	dieWithParent(a.cmd)
	if err := a.cmd.Start(); err != nil {
		return nil, err
	}
	var waitErr error
	go func() { waitErr = a.cmd.Wait(); close(a.done) }()
	deadline := time.After(2 * time.Minute)
	for {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			a.url = strings.TrimSpace(string(b))
			return a, nil
		}
		select {
		case <-a.done:
			return nil, fmt.Errorf("intelligence-local-api -conversations %d exited: %w\n%s", n, waitErr, a.log)
		case <-deadline:
			_ = a.cmd.Process.Kill()
			<-a.done
			return nil, fmt.Errorf("intelligence-local-api -conversations %d did not start within 2 minutes\n%s", n, a.log)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stopAPIs ends every process this run started (SIGINT: the binary shuts down cleanly).
func stopAPIs() {
	apisMu.Lock()
	defer apisMu.Unlock()
	for key, a := range apis {
		_ = a.cmd.Process.Signal(os.Interrupt)
		select {
		case <-a.done:
		case <-time.After(10 * time.Second):
			_ = a.cmd.Process.Kill()
			<-a.done
		}
		delete(apis, key)
	}
}

// withTimeout is a context for one benchmark setup step.
func withTimeout(tb testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}
