package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The docs' example of this provider beside Twilio's own (twilio/twilio, also local name
// "twilio") applies: each block goes to the provider it names, or by its type's prefix to
// Twilio's. Twilio's provider is a stand-in (testdata/twiliotwilio) that has the one
// resource type the example uses; were the data source's provider argument missing,
// Terraform would look for it in the stand-in and fail.
func TestBesideTwilioExample(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 40})
	w := newWorkspace(t, readExample(t, "beside-twilio/main.tf"),
		"TWILIO_INTELLIGENCE_BASE_URL="+srv.URL(),
		"TWILIO_API_KEY="+intelligencetest.TestAPIKey, "TWILIO_API_SECRET="+intelligencetest.TestAPISecret)

	// Serve both providers through dev_overrides, as newWorkspace does for this one.
	host := "registry.terraform.io"
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		host = h
	}
	writeFile(t, filepath.Join(w.dir, "cli.tfrc"), fmt.Sprintf(
		"provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n  direct {}\n}\n",
		host+"/seed04710220/twilio", providerBinary(t), host+"/twilio/twilio", twilioStandIn(t)))

	out := w.applyOutputs()
	closed := 0
	for _, c := range srv.Conversations() {
		if c.Status == "CLOSED" {
			closed++
		}
	}
	if got := string(out["closed_conversations"]); got != strconv.Itoa(closed) {
		t.Errorf("closed_conversations = %s, want %d", got, closed)
	}
	if srv.RequestCount() == 0 {
		t.Error("the data source sent no request to the local API")
	}
	// Each block went to the provider it should: the resource to Twilio's, the data source
	// to this one.
	show, _ := w.run(false, "show", "-json")
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address  string         `json:"address"`
					Provider string         `json:"provider_name"`
					Values   map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(show), &state); err != nil {
		t.Fatalf("terraform show -json: %v\n%s", err, show)
	}
	want := map[string]string{
		"twilio_intelligence_services_v2.support":       host + "/twilio/twilio",
		"data.twilio_intelligence_conversations.closed": host + "/seed04710220/twilio",
	}
	for _, r := range state.Values.RootModule.Resources {
		if p, ok := want[r.Address]; ok && r.Provider == p {
			delete(want, r.Address)
		}
	}
	if len(want) > 0 {
		t.Errorf("not in the state with the expected provider: %v\n%s", want, show)
	}
}

// twilioStandIn builds testdata/twiliotwilio into a directory of its own and returns it.
func twilioStandIn(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.CommandContext(context.Background(), "go", "build", "-o", filepath.Join(dir, "terraform-provider-twilio"), "./testdata/twiliotwilio")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./testdata/twiliotwilio: %v\n%s", err, out)
	}
	return dir
}
