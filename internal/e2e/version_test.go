package e2e

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The version stamped in at build time (-X main.version, as goreleaser does) and the
// Terraform version reach the API in the User-Agent.
func TestUserAgentCarriesVersions(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 2})
	var mu sync.Mutex
	var agents []string
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		srv.ServeHTTP(w, r)
	}))
	defer front.Close()
	block := `provider "twilio" {
  base_url    = "` + front.URL + `"
  account_sid = "` + intelligencetest.TestAccountSID + `"
  auth_token  = "` + intelligencetest.TestAuthToken + `"
}
data "twilio_intelligence_conversations" "all" {}
`
	newWorkspace(t, block).run(false, "plan", "-input=false")
	want := regexp.MustCompile(`^terraform-provider-twilio/` + regexp.QuoteMeta(e2eVersion) + ` Terraform/\d+\.\d+\.\d+`)
	mu.Lock()
	defer mu.Unlock()
	if len(agents) == 0 {
		t.Fatal("no request reached the API")
	}
	for _, ua := range agents {
		if !want.MatchString(ua) {
			t.Errorf("User-Agent %q does not match %s", ua, want)
		}
	}
}
