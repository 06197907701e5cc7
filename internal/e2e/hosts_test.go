package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The host each region and edge setting reaches, seen on the network: the built provider
// runs under Terraform with HTTPS_PROXY set to a local proxy that records every CONNECT
// and refuses it, so nothing leaves the machine. A region with no default edge fails at
// plan time without a single CONNECT. The README's headline example is planned as
// written and must reach the host the README names.
func TestRegionHostsOnTheNetwork(t *testing.T) {
	readme := readmeExample(t)
	const data = "\ndata \"twilio_intelligence_conversations\" \"test\" {}\n"
	for _, tc := range []struct {
		name     string
		config   string
		env      []string
		wantHost string // "" when no request may leave
		wantOut  string
	}{
		{"README example (region ie1)", readme, nil, "intelligence.dublin.ie1.twilio.com:443", "Unable to list"},
		{"us1 alone", `provider "twilio" { region = "us1" }` + data, nil, "intelligence.ashburn.us1.twilio.com:443", "Unable to list"},
		{"edge alone", `provider "twilio" { edge = "sydney" }` + data, nil, "intelligence.sydney.us1.twilio.com:443", "Unable to list"},
		{"neither", `provider "twilio" {}` + data, nil, "intelligence.twilio.com:443", "Unable to list"},
		{"TWILIO_REGION alone", `provider "twilio" {}` + data, []string{"TWILIO_REGION=jp2"}, "intelligence.osaka.jp2.twilio.com:443", "Unable to list"},
		{"region without a default edge", `provider "twilio" { region = "xx9" }` + data, nil, "", "Twilio region xx9 needs an edge"},
		{"TWILIO_REGION without a default edge", `provider "twilio" {}` + data, []string{"TWILIO_REGION=xx9"}, "", "TWILIO_REGION environment variable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proxy := newConnectRecorder(t)
			env := append([]string{
				"HTTPS_PROXY=" + proxy.URL, "https_proxy=" + proxy.URL, "NO_PROXY=", "no_proxy=",
				"TWILIO_API_KEY=" + intelligencetest.TestAPIKey, "TWILIO_API_SECRET=" + intelligencetest.TestAPISecret,
				"TWILIO_MAX_RETRIES=0",
			}, tc.env...)
			w := newWorkspace(t, tc.config, env...)
			stdout, stderr := w.run(true, "plan", "-input=false")
			out := strings.Join(strings.Fields(stdout+stderr), " ")
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("the plan's output lacks %q:\n%s", tc.wantOut, stdout+stderr)
			}
			hosts := proxy.hosts()
			switch {
			case tc.wantHost == "" && len(hosts) > 0:
				t.Errorf("requests left for %v; the error must come before any request", hosts)
			case tc.wantHost != "" && (len(hosts) == 0 || slices.ContainsFunc(hosts, func(h string) bool { return h != tc.wantHost })):
				t.Errorf("requests went to %v, want %s only", hosts, tc.wantHost)
			}
		})
	}
}

// connectRecorder is an HTTP proxy that records the host of each CONNECT and refuses it.
type connectRecorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newConnectRecorder(t *testing.T) *connectRecorder {
	t.Helper()
	p := &connectRecorder{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen = append(p.seen, r.Host)
		p.mu.Unlock()
		http.Error(w, "this proxy only records", http.StatusForbidden)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *connectRecorder) hosts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seen)
}

// readmeExample is the first terraform block of the README's "Using it with Twilio".
func readmeExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "## Using it with Twilio")
	if !ok {
		t.Fatal(`README.md has no "## Using it with Twilio" section`)
	}
	_, block, ok := strings.Cut(section, "```terraform\n")
	if !ok {
		t.Fatal("the README's Twilio section has no terraform block")
	}
	block, _, _ = strings.Cut(block, "```")
	return block
}
