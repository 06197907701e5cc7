package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The examples in the docs apply, with the built provider, against a local API that holds
// the spec's example conversation (whose ids the examples use).
func TestExamples(t *testing.T) {
	example := intelligencetest.SpecExample()
	for _, tc := range []struct {
		file  string
		check func(t *testing.T, outputs map[string]json.RawMessage)
	}{
		{"data-sources/twilio_intelligence_conversations/data-source.tf", func(t *testing.T, out map[string]json.RawMessage) {
			if got := string(out["conversation_for_call"]); got != `"`+example.ID+`"` {
				t.Errorf("conversation_for_call = %s, want %s", got, example.ID)
			}
			var names map[string]*string
			if err := json.Unmarshal(out["closed_voice_names"], &names); err != nil || len(names) == 0 {
				t.Errorf("closed_voice_names = %s (%v), want some", out["closed_voice_names"], err)
			}
		}},
		{"data-sources/twilio_intelligence_conversation/data-source.tf", func(t *testing.T, out map[string]json.RawMessage) {
			var addrs []string
			_ = json.Unmarshal(out["customer_addresses"], &addrs)
			if !slices.Equal(addrs, []string{"+15551234567"}) || string(out["messages"]) != "3" {
				t.Errorf("outputs %s", out)
			}
		}},
		{"ephemeral-resources/twilio_intelligence_conversation/ephemeral-resource.tf", nil},
	} {
		t.Run(tc.file, func(t *testing.T) {
			srv := localAPI(t, intelligencetest.Options{})
			srv.Add(example)
			w := newWorkspace(t, providerBlock(srv)+readExample(t, tc.file))
			if strings.HasPrefix(tc.file, "ephemeral") {
				w.skipBelow("1.10.0")
			}
			outputs := w.applyOutputs()
			if tc.check != nil {
				tc.check(t, outputs)
			}
			if srv.RequestCount() == 0 {
				t.Error("the example read nothing")
			}
		})
	}
}

// The provider example configures from the environment and its variables, and its
// provider blocks are valid.
func TestProviderExample(t *testing.T) {
	w := newWorkspace(t, readExample(t, "provider/provider.tf"),
		"TWILIO_API_KEY="+intelligencetest.TestAPIKey, "TWILIO_API_SECRET="+intelligencetest.TestAPISecret,
		"TF_VAR_twilio_account_sid="+intelligencetest.TestAccountSID, "TF_VAR_twilio_auth_token="+intelligencetest.TestAuthToken)
	stdout, _ := w.run(false, "plan", "-input=false")
	if !strings.Contains(stdout, "No changes") {
		t.Errorf("plan of the provider example:\n%s", stdout)
	}
}
