package pulumi

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// invokeCase is one function call. Each data source has at least one (see
// TestEveryDataSourceHasAnInvokeCase); a new data source is a new entry in invokeCases.
type invokeCase struct {
	name       string
	dataSource string
	// args are the data source's arguments under their Terraform names; the function is
	// called with the same values under their Pulumi names.
	args func(api *intelligencetest.Server) map[string]any
	// wantIDs, when set, are the ids the result must hold, in order (the ids attribute of a
	// list, the id of one object), from the local API's data: it keeps the comparison with
	// Terraform from passing on two empty results.
	wantIDs func(t *testing.T, api *intelligencetest.Server) []string
	// checkResult, when set, checks the result against the local API's data, for a result
	// that wantIDs cannot describe (a list without ids). A call that succeeds needs one of
	// the two.
	checkResult func(t *testing.T, api *intelligencetest.Server, ret resource.PropertyMap)
	// wantWarning is what the one warning of the read says (it has no attribute path).
	wantWarning string
	// wantFailure is the Pulumi property that a failed call blames, with no result; the
	// Terraform read fails too.
	wantFailure string
}

// crafted is a conversation added to the seeded data: nulls in every nullable field and
// text outside ASCII, read through both tools.
var crafted = func() intelligence.Conversation {
	name := "Soporte — ¿Dónde está mi pedido? 📦"
	at := "2026-10-01T12:00:00Z"
	return intelligence.Conversation{
		ID: "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2", Name: &name, Status: "ACTIVE",
		CreatedAt: at, UpdatedAt: at,
		ConversationConfigurationID: intelligencetest.ConversationConfigurationIDs[0],
		Channels:                    []string{"CHAT"},
		ChannelIDs:                  []string{},
		Participants: []intelligence.Participant{
			{ID: "conv_participant_01k1etx3jbfx88476ccja0889c", AddressValues: []string{"+15551234567", "山田@example.jp"}},
		},
		Communications: []intelligence.Communication{{
			ID: "conv_communication_01k1etx3jbfx88476ccja0889d", ParticipantID: "conv_participant_01k1etx3jbfx88476ccja0889c",
			CreatedAt: at,
		}},
	}
}()

var invokeCases = []invokeCase{
	{
		name:       "every conversation",
		dataSource: "twilio_intelligence_conversations",
		args:       func(*intelligencetest.Server) map[string]any { return nil },
		wantIDs: func(_ *testing.T, api *intelligencetest.Server) []string {
			return conversationIDs(api, func(*intelligence.Conversation) bool { return true })
		},
	},
	{
		name:       "filtered conversations, several pages",
		dataSource: "twilio_intelligence_conversations",
		args: func(*intelligencetest.Server) map[string]any {
			return map[string]any{"status": "CLOSED", "channels": []string{"VOICE", "SMS"}, "page_size": 20}
		},
		wantIDs: func(_ *testing.T, api *intelligencetest.Server) []string {
			return conversationIDs(api, func(c *intelligence.Conversation) bool {
				return c.Status == "CLOSED" && (slices.Contains(c.Channels, "VOICE") || slices.Contains(c.Channels, "SMS"))
			})
		},
	},
	{
		name:       "conversations of 70 days, read as 31-day windows",
		dataSource: "twilio_intelligence_conversations",
		args: func(api *intelligencetest.Server) map[string]any {
			after, before := seventyDays(api)
			return map[string]any{
				"created_at_after":  after.Format(time.RFC3339),
				"created_at_before": before.Format(time.RFC3339),
				"timeouts":          map[string]any{"read": "2m"},
			}
		},
		wantIDs: func(t *testing.T, api *intelligencetest.Server) []string {
			after, before := seventyDays(api)
			return conversationIDs(api, func(c *intelligence.Conversation) bool {
				at, err := time.Parse(time.RFC3339Nano, c.CreatedAt)
				if err != nil {
					t.Fatal(err)
				}
				return at.After(after) && at.Before(before)
			})
		},
	},
	{
		name:        "a list capped by max_results succeeds with its warning",
		dataSource:  "twilio_intelligence_conversations",
		args:        func(*intelligencetest.Server) map[string]any { return map[string]any{"max_results": 7} },
		wantWarning: "max_results",
		wantIDs: func(_ *testing.T, api *intelligencetest.Server) []string {
			return conversationIDs(api, func(*intelligence.Conversation) bool { return true })[:7]
		},
	},
	{
		name:       "no conversation matches",
		dataSource: "twilio_intelligence_conversations",
		args: func(*intelligencetest.Server) map[string]any {
			return map[string]any{"channel_id": "CA00000000000000000000000000000000"}
		},
		wantIDs: func(*testing.T, *intelligencetest.Server) []string { return []string{} },
	},
	{
		name:        "an invalid argument blames its Pulumi name",
		dataSource:  "twilio_intelligence_conversations",
		args:        func(*intelligencetest.Server) map[string]any { return map[string]any{"max_results": 0} },
		wantFailure: "maxResults",
	},
	{
		name:       "one conversation, with participants and communications",
		dataSource: "twilio_intelligence_conversation",
		args: func(api *intelligencetest.Server) map[string]any {
			return map[string]any{"id": api.Conversations()[3].ID}
		},
		wantIDs: func(_ *testing.T, api *intelligencetest.Server) []string {
			return []string{api.Conversations()[3].ID}
		},
	},
	{
		name:       "one conversation with nulls and Unicode",
		dataSource: "twilio_intelligence_conversation",
		args:       func(*intelligencetest.Server) map[string]any { return map[string]any{"id": crafted.ID} },
		wantIDs:    func(*testing.T, *intelligencetest.Server) []string { return []string{crafted.ID} },
	},
	{
		name:       "operator results of one operator, several pages",
		dataSource: "twilio_intelligence_operator_results",
		args: func(*intelligencetest.Server) map[string]any {
			return map[string]any{"operator_id": intelligencetest.OperatorIDs[0], "page_size": 20}
		},
		wantIDs: func(_ *testing.T, api *intelligencetest.Server) []string {
			out := []string{}
			for _, r := range api.OperatorResults() {
				if r.Operator != nil && r.Operator.ID != nil && *r.Operator.ID == intelligencetest.OperatorIDs[0] {
					out = append(out, r.ID)
				}
			}
			return out
		},
	},
	{
		name:       "one operator result",
		dataSource: "twilio_intelligence_operator_result",
		args: func(api *intelligencetest.Server) map[string]any {
			return map[string]any{"id": api.OperatorResults()[0].ID}
		},
		wantIDs: func(_ *testing.T, api *intelligencetest.Server) []string {
			return []string{api.OperatorResults()[0].ID}
		},
	},
	{
		name:       "the account's own operators",
		dataSource: "twilio_intelligence_operators",
		args:       func(*intelligencetest.Server) map[string]any { return map[string]any{"author": "SELF"} },
		wantIDs: func(_ *testing.T, api *intelligencetest.Server) []string {
			out := []string{}
			for _, o := range api.Operators() {
				if o.Author != nil && *o.Author == "SELF" {
					out = append(out, o.ID)
				}
			}
			return out
		},
	},
	{
		name:       "an operator found by display name",
		dataSource: "twilio_intelligence_operator",
		args:       func(*intelligencetest.Server) map[string]any { return map[string]any{"display_name": "Call Summary"} },
		wantIDs: func(t *testing.T, api *intelligencetest.Server) []string {
			for _, o := range api.Operators() {
				if o.DisplayName != nil && *o.DisplayName == "Call Summary" {
					return []string{o.ID}
				}
			}
			t.Fatal("no operator named Call Summary")
			return nil
		},
	},
	{
		name:       "an operator at a version",
		dataSource: "twilio_intelligence_operator",
		args: func(*intelligencetest.Server) map[string]any {
			return map[string]any{"id": intelligencetest.OperatorIDs[0], "version": 1}
		},
		wantIDs: func(*testing.T, *intelligencetest.Server) []string { return []string{intelligencetest.OperatorIDs[0]} },
	},
	{
		name:       "a display name that matches nothing blames displayName",
		dataSource: "twilio_intelligence_operator",
		args: func(*intelligencetest.Server) map[string]any {
			return map[string]any{"display_name": "No such operator"}
		},
		wantFailure: "displayName",
	},
	{
		name:       "an operator's versions",
		dataSource: "twilio_intelligence_operator_versions",
		args: func(*intelligencetest.Server) map[string]any {
			return map[string]any{"operator_id": intelligencetest.OperatorIDs[0]}
		},
		checkResult: func(t *testing.T, api *intelligencetest.Server, ret resource.PropertyMap) {
			want := []int64{}
			for _, v := range api.OperatorVersions(intelligencetest.OperatorIDs[0]) {
				if v.Version == nil {
					t.Fatalf("the local API has a version of %s without a number", intelligencetest.OperatorIDs[0])
				}
				want = append(want, int64(*v.Version))
			}
			if len(want) == 0 {
				t.Fatalf("the local API has no versions of %s", intelligencetest.OperatorIDs[0])
			}
			got := []int64{}
			if versions := ret["versions"]; versions.IsArray() {
				for _, item := range versions.ArrayValue() {
					if !item.IsObject() || !item.ObjectValue()["version"].IsNumber() {
						t.Fatalf("a version without a version number: %v", item)
					}
					got = append(got, int64(item.ObjectValue()["version"].NumberValue()))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("versions %v, want the local API's %v", got, want)
			}
		},
	},
	{
		name:       "every intelligence configuration",
		dataSource: "twilio_intelligence_configurations",
		args:       func(*intelligencetest.Server) map[string]any { return nil },
		wantIDs: func(_ *testing.T, api *intelligencetest.Server) []string {
			out := []string{}
			for _, c := range api.Configurations() {
				out = append(out, c.ID)
			}
			return out
		},
	},
	{
		name:       "a configuration found by display name",
		dataSource: "twilio_intelligence_configuration",
		args: func(*intelligencetest.Server) map[string]any {
			return map[string]any{"display_name": "post-call-analytics"}
		},
		wantIDs: func(t *testing.T, api *intelligencetest.Server) []string {
			for _, c := range api.Configurations() {
				if c.DisplayName != nil && *c.DisplayName == "post-call-analytics" {
					return []string{c.ID}
				}
			}
			t.Fatal("no configuration named post-call-analytics")
			return nil
		},
	},
	{
		name:       "a conversation that does not exist blames id",
		dataSource: "twilio_intelligence_conversation",
		args: func(*intelligencetest.Server) map[string]any {
			return map[string]any{"id": "conv_conversation_00000000000000000000000000"}
		},
		wantFailure: "id",
	},
}

// TestInvokeMatchesTerraform calls every function of invokeCases through the bridge and
// reads the same data source with the same arguments the way Terraform does, against the
// same local API: the results must be equal, value for value (ids in the same order,
// nested objects, nulls), and fail alike.
func TestInvokeMatchesTerraform(t *testing.T) {
	api := localAPI(t, intelligencetest.Options{Conversations: 300})
	api.Add(crafted)
	b := newBridged(t, nil)
	b.configure(t, apiKeyConfig(api))
	tf := newTerraformSide(t, api)

	for _, tc := range invokeCases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args(api)
			state, tfDiags := tf.read(t, tc.dataSource, args)
			b.reads.take()
			got, err := b.invoke(t, functionToken(tc.dataSource), pulumiArgs(args))
			if err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			reads := b.reads.take()

			if tc.wantFailure != "" {
				if !hasError(tfDiags) {
					t.Errorf("the Terraform read did not fail: %v", tfDiags)
				}
				if len(got.failures) != 1 || got.failures[0].GetProperty() != tc.wantFailure {
					t.Fatalf("failures %v, want one on %s", got.failures, tc.wantFailure)
				}
				if len(got.ret) != 0 {
					t.Errorf("a failed call returned %v", got.ret)
				}
				return
			}
			if hasError(tfDiags) {
				t.Fatalf("the Terraform read failed: %v", tfDiags)
			}
			if len(got.failures) != 0 {
				t.Fatalf("the call failed: %v", got.failures)
			}
			checkWarnings(t, "Terraform read", tfDiags, tc.wantWarning)
			checkWarnings(t, "read through the bridge", reads, tc.wantWarning)

			want, err := pulumiValue(state)
			if err != nil {
				t.Fatal(err)
			}
			// Pulumi has no null properties: the bridge leaves them out of the result.
			if diff := cmp.Diff(withoutNulls(want.ObjectValue().Mappable()), withoutNulls(got.ret.Mappable())); diff != "" {
				t.Errorf("the call's result differs from what Terraform read (-terraform +pulumi):\n%s", diff)
			}
			if id := got.ret["id"]; !id.IsString() || id.StringValue() == "" {
				t.Errorf("id %v: every function's result has an id (the bridge types it as always present)", id)
			}
			if tc.wantIDs == nil && tc.checkResult == nil {
				t.Fatal("the case has neither wantIDs nor checkResult: two empty results would compare equal")
			}
			if tc.wantIDs != nil {
				wantIDs := tc.wantIDs(t, api)
				if gotIDs := resultIDs(t, got.ret); !slices.Equal(gotIDs, wantIDs) {
					t.Errorf("ids %v, want %v", gotIDs, wantIDs)
				}
			}
			if tc.checkResult != nil {
				tc.checkResult(t, api, got.ret)
			}
		})
	}
}

// A data source without an entry in invokeCases is not tested through the bridge.
func TestEveryDataSourceHasAnInvokeCase(t *testing.T) {
	for _, name := range dataSourceNames(t) {
		if !slices.ContainsFunc(invokeCases, func(tc invokeCase) bool { return tc.dataSource == name && tc.wantFailure == "" }) {
			t.Errorf("%s has no successful call in invokeCases", name)
		}
	}
}

// Why the truncation warning has no attribute path: the bridge turns an attribute-scoped
// diagnostic of a read into a failed call, warnings included, and returns no result.
// This test pins that behaviour of the bridge (rewriting the provider's warning into an
// attribute-scoped one); when it fails, the bridge has changed.
func TestBridgeFailsCallsOnAttributeScopedWarnings(t *testing.T) {
	api := localAPI(t, intelligencetest.Options{Conversations: 30})
	b := newBridged(t, func(resp *tfprotov6.ReadDataSourceResponse) {
		for _, d := range resp.Diagnostics {
			d.Attribute = tftypes.NewAttributePath().WithAttributeName("max_results")
		}
	})
	b.configure(t, apiKeyConfig(api))
	got, err := b.invoke(t, functionToken("twilio_intelligence_conversations"),
		resource.PropertyMap{"maxResults": resource.NewNumberProperty(5)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.failures) != 1 || got.failures[0].GetProperty() != "maxResults" || len(got.ret) != 0 {
		t.Errorf("failures %v, result %v: want the call to fail on maxResults with no result", got.failures, got.ret)
	}
}

// checkWarnings checks that diags hold no error, and one warning without attribute path
// that mentions want (none when want is empty).
func checkWarnings(t *testing.T, what string, diags []*tfprotov6.Diagnostic, want string) {
	t.Helper()
	var warnings []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			warnings = append(warnings, d)
		}
	}
	if want == "" {
		if len(warnings) != 0 {
			t.Errorf("%s: unexpected warnings %v", what, warnings)
		}
		return
	}
	if len(warnings) != 1 {
		t.Fatalf("%s: %d warnings, want one about %s", what, len(warnings), want)
	}
	w := warnings[0]
	if w.Attribute != nil {
		t.Errorf("%s: the warning is scoped to %s", what, w.Attribute)
	}
	if !strings.Contains(w.Summary+" "+w.Detail, want) {
		t.Errorf("%s: the warning %q: %q does not mention %s", what, w.Summary, w.Detail, want)
	}
}

// withoutNulls drops the null members of objects, at every depth.
func withoutNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			if e != nil {
				out[k] = withoutNulls(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = withoutNulls(e)
		}
		return out
	}
	return v
}

// resultIDs are the ids of a result: its ids list, or its id.
func resultIDs(t *testing.T, ret resource.PropertyMap) []string {
	t.Helper()
	if ids, ok := ret["ids"]; ok && ids.IsArray() {
		out := []string{}
		for _, v := range ids.ArrayValue() {
			out = append(out, v.StringValue())
		}
		return out
	}
	return []string{ret["id"].StringValue()}
}

// conversationIDs lists the ids of the local API's conversations that keep accepts, in
// API order.
func conversationIDs(api *intelligencetest.Server, keep func(*intelligence.Conversation) bool) []string {
	out := []string{}
	for _, c := range api.Conversations() {
		if keep(&c) {
			out = append(out, c.ID)
		}
	}
	return out
}

// seventyDays is a range of 70 days ending after the newest conversation.
func seventyDays(api *intelligencetest.Server) (after, before time.Time) {
	newest, err := time.Parse(time.RFC3339Nano, api.Conversations()[0].CreatedAt)
	if err != nil {
		panic(err)
	}
	before = newest.Add(time.Hour).Truncate(time.Second)
	return before.Add(-70 * 24 * time.Hour), before
}
