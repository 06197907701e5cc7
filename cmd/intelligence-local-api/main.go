// Command intelligence-local-api serves the local Conversational Intelligence API of
// package intelligencetest on a loopback port, for the demo and for trying the provider
// by hand without a Twilio account.
//
//	intelligence-local-api -conversations 1000 -url-file /tmp/api-url
//
// It prints the URL and the fake credentials it accepts, and stops cleanly on SIGINT or
// SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "intelligence-local-api:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends. It is main without the process around it, for tests.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("intelligence-local-api", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:0", "loopback `host:port` to listen on; port 0 picks a free one")
	conversations := flags.Int("conversations", 250, "number of seeded conversations")
	seed := flags.Int64("seed", 1, "data seed; the same seed serves the same data")
	latency := flags.Duration("latency", 0, "delay added before every response, such as 20ms")
	urlFile := flags.String("url-file", "", "write the base URL to this `file` once listening (removed on exit)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", flags.Args())
	}
	if err := checkLoopback(*addr); err != nil {
		return err
	}
	if *conversations < 1 { // Options would read 0 as 250, and a negative number as none at all
		return fmt.Errorf("-conversations %d: must be at least 1", *conversations)
	}

	api := intelligencetest.NewHandler(intelligencetest.Options{Conversations: *conversations, Seed: *seed, Latency: *latency})
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	url := "http://" + ln.Addr().String()
	if *urlFile != "" {
		if err := writeFileAtomic(*urlFile, url); err != nil {
			_ = srv.Close()
			return err
		}
		defer os.Remove(*urlFile) // a stale file would name a closed port
	}
	fmt.Fprintf(stdout, "listening on %s\n", url)
	fmt.Fprintf(stdout, "# %d conversations, seed %d. Fake, well-known credentials this server accepts:\n", *conversations, *seed)
	fmt.Fprintf(stdout, "export TWILIO_INTELLIGENCE_BASE_URL=%s\n", url)
	fmt.Fprintf(stdout, "export TWILIO_API_KEY=%s TWILIO_API_SECRET=%s\n", intelligencetest.TestAPIKey, intelligencetest.TestAPISecret)
	fmt.Fprintf(stdout, "# or: TWILIO_ACCOUNT_SID=%s TWILIO_AUTH_TOKEN=%s\n", intelligencetest.TestAccountSID, intelligencetest.TestAuthToken)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	api.Close() // ends latency and slow-response waits, so Shutdown does not wait for them
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil { // a fresh context: ctx is already done
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, summary(api.Requests()))
	return nil
}

// resources are the resources summary counts, in its order: the path segment that names
// each, and how summary names it.
var resources = []struct{ segment, name string }{
	{"Conversations", "conversations"}, {"OperatorResults", "operator results"}, {"Operators", "operators"},
	{"Versions", "operator versions"}, {"Configurations", "configurations"},
}

// summary says what was served, per resource, so the demo can show how few requests a
// plan took.
func summary(requests []intelligencetest.Request) string {
	counts := make([]struct{ pages, fetches int }, len(resources))
	failed := 0
	for _, r := range requests {
		i, list := resource(r.Path)
		switch {
		case r.Status >= 400 || r.Status == 0 || i < 0:
			failed++
		case list:
			counts[i].pages++
		default:
			counts[i].fetches++
		}
	}
	var parts []string
	for i, c := range counts {
		if c.pages+c.fetches > 0 || i == 0 {
			parts = append(parts, fmt.Sprintf("%s %s, %s", resources[i].name, plural(c.pages, "list page", "list pages"), plural(c.fetches, "fetch", "fetches")))
		}
	}
	return fmt.Sprintf("served %s: %s; %s", plural(len(requests), "request", "requests"), strings.Join(parts, "; "), plural(failed, "error", "errors"))
}

// resource tells which resource a path is about (an index in resources, -1 for none) and
// whether it lists it or fetches one item.
func resource(path string) (int, bool) {
	segs := strings.Split(strings.TrimPrefix(strings.TrimPrefix(path, "/v3/"), "ControlPlane/"), "/")
	name := segs[0]
	if len(segs) > 2 {
		name = segs[2]
	}
	for i, r := range resources {
		if r.segment == name {
			return i, len(segs)%2 == 1
		}
	}
	return -1, false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// checkLoopback refuses anything but a loopback address: the server accepts published
// credentials, so it must not be reachable from the network.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if intelligence.IsLoopbackHost(host) {
		return nil
	}
	return fmt.Errorf("-addr %q is not a loopback address (use 127.0.0.1 or [::1]): this server accepts published test credentials", addr)
}

// writeFileAtomic writes through a temporary file and a rename, so that a script polling
// for the file never reads it half-written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone after the rename; this only cleans up after a failure
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
