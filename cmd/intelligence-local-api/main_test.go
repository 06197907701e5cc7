package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// waitForFile returns the content of path once it exists.
func waitForFile(t *testing.T, path string, done <-chan struct{}) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
		select {
		case <-done:
			t.Fatal("the server stopped before writing its URL")
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("no URL file after 30s")
	return ""
}

// listCount lists the first page from base and returns how many items it holds.
func listCount(t *testing.T, base string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/v3/Conversations?pageSize=1000", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(intelligencetest.TestAccountSID, intelligencetest.TestAuthToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p intelligence.Page[intelligence.Conversation]
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	return len(p.Items)
}

type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRun(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(t.Context())
	var out syncBuffer
	done := make(chan struct{})
	var runErr error
	go func() {
		defer close(done)
		runErr = run(ctx, []string{"-conversations", "20", "-seed", "3", "-latency", "1ms", "-url-file", urlFile}, &out)
	}()

	base := waitForFile(t, urlFile, done)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.TrimSpace(base) != base {
		t.Errorf("URL file holds %q", base)
	}
	if n := listCount(t, base); n != 20 {
		t.Errorf("%d conversations, want 20", n)
	}
	for _, want := range []string{"listening on " + base + "\n", intelligencetest.TestAPIKey, intelligencetest.TestAPISecret,
		intelligencetest.TestAccountSID, intelligencetest.TestAuthToken} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
	if runErr != nil {
		t.Errorf("run: %v", runErr)
	}
	if _, err := os.Stat(urlFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("URL file left behind: %v", err)
	}
	if want := "served 1 request: conversations 1 list page, 0 fetches; 0 errors\n"; !strings.HasSuffix(out.String(), want) {
		t.Errorf("output does not end with the summary %q:\n%s", want, out.String())
	}
}

func TestSummary(t *testing.T) {
	op := "/v3/ControlPlane/Operators/intelligence_operator_01jssz5awsh8vhtpre95b9ee0z"
	var requests []intelligencetest.Request
	for _, r := range []struct {
		path   string
		status int
	}{
		{"/v3/Conversations", 200}, {"/v3/Conversations", 200}, {"/v3/Conversations/conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2", 200},
		{"/v3/OperatorResults", 200}, {op, 200}, {op + "/Versions", 200}, {op + "/Versions/3", 200}, {op + "/Versions/4", 200},
		{"/v3/ControlPlane/Configurations", 429}, {"/v3/Unknown", 404}, {"/v3/Conversations", 0},
	} {
		requests = append(requests, intelligencetest.Request{Path: r.path, Status: r.status})
	}
	want := "served 11 requests: conversations 2 list pages, 1 fetch; operator results 1 list page, 0 fetches; " +
		"operators 0 list pages, 1 fetch; operator versions 1 list page, 2 fetches; 3 errors"
	if got := summary(requests); got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}
}

func TestRunRefuses(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "0.0.0.0:0"},
		{"-addr", ":0"},
		{"-addr", "[::]:0"},
		{"-addr", "192.0.2.1:8080"},
		{"-addr", "example.com:80"},
		{"-addr", "127.0.0.1"}, // no port
		{"-conversations", "many"},
		{"-conversations", "0"},
		{"-conversations", "-1"},
		{"extra-argument"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if err := run(t.Context(), args, io.Discard); err == nil {
				t.Error("accepted")
			}
		})
	}
	for _, addr := range []string{"127.0.0.1:1", "127.1.2.3:1", "localhost:1", "[::1]:1"} {
		if err := checkLoopback(addr); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

// TestBinary builds the command and stops it with SIGTERM, as the demo does.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "intelligence-local-api")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".") //nolint:gosec // the test's own temp path
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	urlFile := filepath.Join(dir, "url")
	cmd := exec.CommandContext(t.Context(), bin, "-conversations", "5", "-url-file", urlFile) //nolint:gosec // the binary just built
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()

	base := waitForFile(t, urlFile, exited)
	if n := listCount(t, base); n != 5 {
		t.Errorf("%d conversations, want 5", n)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("no exit within 10s of SIGTERM")
	}
	if waitErr != nil {
		t.Errorf("exit: %v\n%s", waitErr, out.String())
	}
}
