package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

const conversationsAddr = "data.twilio_intelligence_conversations.test"

// idsExactly checks the ids attribute against want, in order.
func idsExactly(want []string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(want))
	for i, id := range want {
		checks[i] = knownvalue.StringExact(id)
	}
	return statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("ids"), knownvalue.ListExact(checks))
}

// oracle lists the ids of the local API's data that keep accepts, in API order.
func oracle(srv *intelligencetest.Server, keep func(c *intelligence.Conversation) bool) []string {
	var out []string
	for _, c := range srv.Conversations() {
		if keep(&c) {
			out = append(out, c.ID)
		}
	}
	return out
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// sentQuery checks that every list request carried the given query parameter values.
func sentQuery(srv *intelligencetest.Server, key string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range srv.Requests() {
			got := r.Query[key]
			slices.Sort(got)
			w := slices.Clone(want)
			slices.Sort(w)
			if !slices.Equal(got, w) {
				return fmt.Errorf("request %s sent %s=%v, want %v", r.RawQuery, key, got, w)
			}
		}
		return nil
	}
}

func TestAccConversationsFilters(t *testing.T) {
	t.Parallel()
	srv := localAPI(t, intelligencetest.Options{Conversations: 400})
	data := srv.Conversations()
	newest := mustTime(t, data[0].CreatedAt)
	after := newest.Add(-20 * 24 * time.Hour).Format(time.RFC3339)
	before := newest.Add(-2 * 24 * time.Hour).Format(time.RFC3339)
	channelID := data[5].ChannelIDs[0]
	cfgIDs := intelligencetest.IntelligenceConfigurationIDs[:2]
	in := func(at string, lo, hi time.Time) bool {
		t := mustTime(t, at)
		return t.After(lo) && t.Before(hi)
	}
	for _, tc := range []struct {
		name  string
		args  string
		keep  func(c *intelligence.Conversation) bool
		query []string // a parameter the request must carry, then its values
	}{
		{"status", `status = "INACTIVE"`,
			func(c *intelligence.Conversation) bool { return c.Status == "INACTIVE" }, []string{"status", "INACTIVE"}},
		{"channel_id", fmt.Sprintf(`channel_id = %q`, channelID),
			func(c *intelligence.Conversation) bool { return slices.Contains(c.ChannelIDs, channelID) }, []string{"channelId", channelID}},
		{"channels", `channels = ["EMAIL", "WHATSAPP"]`,
			func(c *intelligence.Conversation) bool {
				return slices.Contains(c.Channels, "EMAIL") || slices.Contains(c.Channels, "WHATSAPP")
			}, []string{"channels", "EMAIL", "WHATSAPP"}},
		{"conversation_configuration_id", fmt.Sprintf(`conversation_configuration_id = %q`, intelligencetest.ConversationConfigurationIDs[2]),
			func(c *intelligence.Conversation) bool {
				return c.ConversationConfigurationID == intelligencetest.ConversationConfigurationIDs[2]
			}, []string{"conversationConfigurationId", intelligencetest.ConversationConfigurationIDs[2]}},
		{"intelligence_configuration_ids", fmt.Sprintf(`intelligence_configuration_ids = [%q, %q]`, cfgIDs[0], cfgIDs[1]),
			func(c *intelligence.Conversation) bool {
				return slices.Contains(c.IntelligenceConfigurationIDs, cfgIDs[0]) || slices.Contains(c.IntelligenceConfigurationIDs, cfgIDs[1])
			}, []string{"intelligenceConfigurationIds", cfgIDs[0], cfgIDs[1]}},
		{"created_at_after", fmt.Sprintf(`created_at_after = %q`, after),
			func(c *intelligence.Conversation) bool {
				return in(c.CreatedAt, mustTime(t, after), newest.Add(time.Hour))
			},
			[]string{"createdAtAfter", after}},
		{"created_at_before", fmt.Sprintf(`created_at_before = %q`, before),
			func(c *intelligence.Conversation) bool { return mustTime(t, c.CreatedAt).Before(mustTime(t, before)) },
			[]string{"createdAtBefore", before}},
		{"several together", fmt.Sprintf("status = \"CLOSED\"\n  channels = [\"VOICE\", \"SMS\"]\n  created_at_after = %q\n  created_at_before = %q", after, before),
			func(c *intelligence.Conversation) bool {
				return c.Status == "CLOSED" && (slices.Contains(c.Channels, "VOICE") || slices.Contains(c.Channels, "SMS")) &&
					in(c.CreatedAt, mustTime(t, after), mustTime(t, before))
			}, []string{"status", "CLOSED"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.ResetRequests()
			want := oracle(srv, tc.keep)
			if len(want) == 0 || len(want) == len(data) {
				t.Fatalf("the filter keeps %d of %d: it discriminates nothing", len(want), len(data))
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + fmt.Sprintf(`
data "twilio_intelligence_conversations" "test" {
  %s
}
`, tc.args),
					ConfigStateChecks: []statecheck.StateCheck{
						idsExactly(want),
						statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("conversations"), knownvalue.ListSizeExact(len(want))),
						statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("conversations").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(want[0])),
					},
					Check: sentQuery(srv, tc.query[0], tc.query[1:]...),
				}},
			})
		})
	}
}

func TestAccConversationsOperatorIDs(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: -1})
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		srv.Add(intelligence.Conversation{
			ID: fmt.Sprintf("conv_conversation_0%025d", i), Status: "ACTIVE",
			CreatedAt: at.Add(time.Duration(-i) * time.Hour).Format(time.RFC3339), UpdatedAt: at.Format(time.RFC3339),
			ConversationConfigurationID: intelligencetest.ConversationConfigurationIDs[0],
		}, intelligencetest.OperatorIDs[i])
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf(`
data "twilio_intelligence_conversations" "test" {
  operator_ids = [%q, %q]
}
`, intelligencetest.OperatorIDs[0], intelligencetest.OperatorIDs[2]),
			ConfigStateChecks: []statecheck.StateCheck{
				idsExactly([]string{"conv_conversation_00000000000000000000000000", "conv_conversation_00000000000000000000000002"}),
			},
		}},
	})
}

func TestAccConversationsPages(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 2500})
	want := oracle(srv, func(*intelligence.Conversation) bool { return true })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "twilio_intelligence_conversations" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				idsExactly(want),
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(1000)),
			},
			Check: func(*terraform.State) error {
				for i, n := range readsAndPages(srv, "/v3/Conversations") {
					if n != 3 {
						return fmt.Errorf("read %d took %d requests for 2500 conversations, want 3", i+1, n)
					}
				}
				return nil
			},
		}},
	})
}

func TestAccConversationsPageSizeAndMaxResults(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 300})
	want := oracle(srv, func(*intelligence.Conversation) bool { return true })[:120]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "twilio_intelligence_conversations" "test" {
  page_size   = 50
  max_results = 120
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				idsExactly(want),
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(50)),
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("max_results"), knownvalue.Int64Exact(120)),
			},
			Check: func(*terraform.State) error {
				for i, n := range readsAndPages(srv, "/v3/Conversations") {
					if n != 3 {
						return fmt.Errorf("read %d took %d requests for 120 of 300 at 50 a page, want 3", i+1, n)
					}
				}
				return sentQuery(srv, "pageSize", "50")(nil)
			},
		}},
	})
}

func TestAccConversationsSeventyDays(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 1500})
	newest := mustTime(t, srv.Conversations()[0].CreatedAt)
	before := newest.Add(time.Hour)
	after := before.Add(-70 * 24 * time.Hour)
	want := oracle(srv, func(c *intelligence.Conversation) bool {
		at := mustTime(t, c.CreatedAt)
		return at.After(after) && at.Before(before)
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf(`
data "twilio_intelligence_conversations" "test" {
  created_at_after  = %q
  created_at_before = %q
}
`, after.Format(time.RFC3339), before.Format(time.RFC3339)),
			ConfigStateChecks: []statecheck.StateCheck{idsExactly(want)},
			Check: func(*terraform.State) error {
				for _, r := range srv.Requests() {
					a, b := mustTime(t, r.Query.Get("createdAtAfter")), mustTime(t, r.Query.Get("createdAtBefore"))
					if b.Sub(a) > intelligence.MaxWindow || r.Status != 200 {
						return fmt.Errorf("request %s spans %s (status %d)", r.RawQuery, b.Sub(a), r.Status)
					}
				}
				return nil
			},
		}},
	})
}

func TestAccConversationsEmpty(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 50})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "twilio_intelligence_conversations" "test" {
  channel_id = "CA00000000000000000000000000000000"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("conversations"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("id"),
					knownvalue.StringRegexp(regexp.MustCompile(`^/v3/Conversations\?channelId#[0-9a-f]{16}$`))),
			},
		}},
	})
}

func TestAccConversationsUnicodeAndNulls(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: -1})
	name := "Soporte — ¿Dónde está mi pedido? 📦 \"urgent\"\nline two"
	at := "2026-10-01T12:00:00Z"
	srv.Add(intelligence.Conversation{
		ID: "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2", Name: &name, Status: "ACTIVE",
		CreatedAt: at, UpdatedAt: at,
		ConversationConfigurationID: intelligencetest.ConversationConfigurationIDs[0],
		Channels:                    []string{"CHAT"},
		ChannelIDs:                  []string{},
		Participants: []intelligence.Participant{
			{ID: "conv_participant_01k1etx3jbfx88476ccja0889c", AddressValues: []string{"+15551234567", "山田@example.jp"}},
		},
	})
	p0 := tfjsonpath.New("conversations").AtSliceIndex(0)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "twilio_intelligence_conversations" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(conversationsAddr, p0.AtMapKey("name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue(conversationsAddr, p0.AtMapKey("account_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue(conversationsAddr, p0.AtMapKey("created_at"), knownvalue.StringExact(at)),
				statecheck.ExpectKnownValue(conversationsAddr, p0.AtMapKey("channel_ids"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(conversationsAddr, p0.AtMapKey("operator_result_ids"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(conversationsAddr, p0.AtMapKey("participants"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":   knownvalue.StringExact("conv_participant_01k1etx3jbfx88476ccja0889c"),
						"name": knownvalue.Null(),
						"type": knownvalue.Null(),
						"address_values": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("+15551234567"), knownvalue.StringExact("山田@example.jp"),
						}),
					}),
				})),
			},
		}},
	})
}

// Every invalid argument fails at plan time, names the attribute, and sends nothing.
func TestAccConversationsInvalidArguments(t *testing.T) {
	t.Parallel()
	srv := localAPI(t, intelligencetest.Options{Conversations: 5})
	for _, tc := range []struct {
		args, expect string
	}{
		{`status = "active"`, `status.*ACTIVE.*INACTIVE.*CLOSED`},
		{`status = "OPEN"`, `status.*ACTIVE`},
		{`status = ""`, `status.*ACTIVE`},
		{`channels = ["voice"]`, `channels.*VOICE`},
		{`channels = ["FAX"]`, `channels.*VOICE`},
		{`channels = []`, `channels.*at least 1`},
		{`channel_id = ""`, `channel_id.*must not be empty`},
		{`channel_id = "  "`, `channel_id.*must not be empty`},
		{`channel_id = " CA123"`, `channel_id.*whitespace`},
		{`conversation_configuration_id = ""`, `conversation_configuration_id.*must not be empty`},
		{`intelligence_configuration_ids = ["intelligence_configuration_x"]`, `intelligence_configuration_ids.*must be an? Intelligence Configuration id`},
		{`intelligence_configuration_ids = ["intelligence_configuration_01k6fc25s7epm9qtk8rszbv/../"]`, `intelligence_configuration_ids.*must be an? Intelligence Configuration id`},
		{`operator_ids = ["intelligence_operator_01k6fc25s7epm9qtk8rszbv%2F"]`, `operator_ids.*must be an? Language Operator id`},
		{`operator_ids = ["intelligence_operator_01k6fc25s7epm9qtk8rszbvé"]`, `operator_ids.*must be an? Language Operator id`},
		{`page_size = 0`, `page_size.*between 1 and 1000`},
		{`page_size = 1001`, `page_size.*between 1 and 1000`},
		{`max_results = 0`, `max_results.*at least 1`},
		{`max_results = -5`, `max_results.*at least 1`},
		{`created_at_after = "yesterday"`, `created_at_after.*RFC3339`},
		{`created_at_after = "2026-01-01T00:00:00"`, `created_at_after.*RFC3339`},
		{`created_at_before = "2026-01-01"`, `created_at_before.*RFC3339`},
		{"created_at_after = \"2026-02-01T00:00:00Z\"\n  created_at_before = \"2026-01-01T00:00:00Z\"", `created_at_after.*later than created_at_before`},
		{`timeouts = { read = "soon" }`, `Invalid Attribute Value Time Duration.*"soon"`},
	} {
		t.Run(tc.args, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + fmt.Sprintf(`
data "twilio_intelligence_conversations" "test" {
  %s
}
`, tc.args),
					PlanOnly:    true,
					ExpectError: expectError(tc.expect),
				}},
			})
			noRequests(t, srv)
		})
	}
}

func TestAccConversationsAPIErrorIsADiagnostic(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 5})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: strings.Replace(providerBlock(srv), intelligencetest.TestAuthToken, "wrong-token", 1) + `
data "twilio_intelligence_conversations" "test" {}
`,
			ExpectError: expectError(`Unable to list Twilio Intelligence conversations.*HTTP 401.*Twilio rejected the credentials.*region`),
		}},
	})
}
