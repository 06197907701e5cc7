package e2e

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The examples in the docs apply, with the built provider, against a local API that holds
// the spec's examples (whose ids the examples use) beside its seeded data (whose display
// names they use).
func TestExamples(t *testing.T) {
	example := intelligencetest.SpecExample()
	for _, tc := range []struct {
		file  string
		check func(t *testing.T, srv *intelligencetest.Server, outputs map[string]json.RawMessage)
	}{
		{"data-sources/twilio_intelligence_conversations/data-source.tf", func(t *testing.T, _ *intelligencetest.Server, out map[string]json.RawMessage) {
			if got := string(out["conversation_for_call"]); got != `"`+example.ID+`"` {
				t.Errorf("conversation_for_call = %s, want %s", got, example.ID)
			}
			var names map[string]*string
			if err := json.Unmarshal(out["closed_voice_names"], &names); err != nil || len(names) == 0 {
				t.Errorf("closed_voice_names = %s (%v), want some", out["closed_voice_names"], err)
			}
		}},
		{"data-sources/twilio_intelligence_conversation/data-source.tf", func(t *testing.T, _ *intelligencetest.Server, out map[string]json.RawMessage) {
			var addrs []string
			_ = json.Unmarshal(out["customer_addresses"], &addrs)
			if !slices.Equal(addrs, []string{"+15551234567"}) || string(out["messages"]) != "3" {
				t.Errorf("outputs %s", out)
			}
		}},
		{"ephemeral-resources/twilio_intelligence_conversation/ephemeral-resource.tf", nil},
		{"data-sources/twilio_intelligence_operator_results/data-source.tf", func(t *testing.T, srv *intelligencetest.Server, out map[string]json.RawMessage) {
			var results []struct{ Format string }
			if err := json.Unmarshal(out["call_results"], &results); err != nil || len(results) != 1 || results[0].Format != "JSON" {
				t.Errorf("call_results = %s (%v), want the spec's one JSON result", out["call_results"], err)
			}
			negative := map[string]bool{}
			for _, r := range srv.OperatorResults() {
				if r.Operator != nil && *r.Operator.ID == operatorNamed(t, srv, "Customer Sentiment") && r.Parsed().Label != nil && *r.Parsed().Label == "NEGATIVE" {
					negative[*r.ConversationID] = true
				}
			}
			if got := string(out["negative_conversations"]); got != fmt.Sprint(len(negative)) || len(negative) == 0 {
				t.Errorf("negative_conversations = %s, want %d (and some)", got, len(negative))
			}
		}},
		{"data-sources/twilio_intelligence_operator_result/data-source.tf", func(t *testing.T, _ *intelligencetest.Server, out map[string]json.RawMessage) {
			if string(out["adherence_score"]) != "5" || !strings.Contains(string(out["produced_by"]), "intelligence_operator_01kcgy1ew0e9x8re6jq542zt8b v1") {
				t.Errorf("outputs %s", out)
			}
		}},
		{"data-sources/twilio_intelligence_operators/data-source.tf", func(t *testing.T, srv *intelligencetest.Server, out map[string]json.RawMessage) {
			var byName map[string][]string
			if err := json.Unmarshal(out["operator_ids_by_name"], &byName); err != nil || len(byName["Customer Sentiment"]) != 1 ||
				byName["Customer Sentiment"][0] != operatorNamed(t, srv, "Customer Sentiment") {
				t.Errorf("operator_ids_by_name = %s (%v)", out["operator_ids_by_name"], err)
			}
		}},
		{"data-sources/twilio_intelligence_operator/data-source.tf", func(t *testing.T, srv *intelligencetest.Server, out map[string]json.RawMessage) {
			var got struct {
				ID           string `json:"id"`
				OutputFormat string `json:"output_format"`
			}
			if err := json.Unmarshal(out["sentiment"], &got); err != nil || got.ID != operatorNamed(t, srv, "Customer Sentiment") || got.OutputFormat != "CLASSIFICATION" {
				t.Errorf("sentiment = %s (%v)", out["sentiment"], err)
			}
			if s := string(out["sentiment_v2_status"]); s == "null" || s == "" {
				t.Errorf("sentiment_v2_status = %s, want the version's status", s)
			}
		}},
		{"data-sources/twilio_intelligence_operator_versions/data-source.tf", func(t *testing.T, _ *intelligencetest.Server, out map[string]json.RawMessage) {
			if s := string(out["active_version"]); s == "null" || s == "" {
				t.Errorf("active_version = %s, want a number", s)
			}
		}},
		{"data-sources/twilio_intelligence_configurations/data-source.tf", func(t *testing.T, _ *intelligencetest.Server, out map[string]json.RawMessage) {
			var webhooks map[string][]string
			if err := json.Unmarshal(out["webhooks"], &webhooks); err != nil || len(webhooks["post-call-analytics"]) == 0 || string(out["post_call_conversations"]) == "0" {
				t.Errorf("outputs %s (%v)", out, err)
			}
		}},
		{"data-sources/twilio_intelligence_configuration/data-source.tf", func(t *testing.T, _ *intelligencetest.Server, out map[string]json.RawMessage) {
			var rules []struct{ Operators, Triggers []string }
			if err := json.Unmarshal(out["rules"], &rules); err != nil || len(rules) == 0 || len(rules[0].Operators) == 0 || len(rules[0].Triggers) == 0 {
				t.Errorf("rules = %s (%v)", out["rules"], err)
			}
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			srv := localAPI(t, intelligencetest.Options{})
			srv.Add(example)
			srv.AddOperator(intelligencetest.SpecExampleOperator())
			srv.AddConfiguration(intelligencetest.SpecExampleConfiguration())
			srv.AddOperatorResult(intelligencetest.SpecExampleOperatorResult())
			w := newWorkspace(t, providerBlock(srv)+readExample(t, tc.file))
			if strings.HasPrefix(tc.file, "ephemeral") {
				w.skipBelow("1.10.0")
			}
			outputs := w.applyOutputs()
			if tc.check != nil {
				tc.check(t, srv, outputs)
			}
			if srv.RequestCount() == 0 {
				t.Error("the example read nothing")
			}
		})
	}
}

// operatorNamed is the id of the local API's one operator with this display name.
func operatorNamed(t *testing.T, srv *intelligencetest.Server, name string) string {
	t.Helper()
	for _, o := range srv.Operators() {
		if o.DisplayName != nil && *o.DisplayName == name {
			return o.ID
		}
	}
	t.Fatalf("no operator named %q", name)
	return ""
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
