package intelligencetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// TestSeededData: the control plane has every output format, both authors and every
// version status, its rules run existing, unretired versions; the conversations are in API
// order, within their options, consistent with their operator results, and hold every case
// a client must handle, often enough for tests to find them.
func TestSeededData(t *testing.T) {
	s := NewHandler(Options{Conversations: 300, Seed: 42})
	all, ops, rules, results := s.Conversations(), map[string]string{}, map[string]string{}, map[string]intelligence.OperatorResult{}
	if len(all) != 300 || all[0].CreatedAt != "2026-11-01T00:00:00Z" || all[299].CreatedAt != "2026-07-04T00:00:00Z" {
		t.Errorf("%d conversations from %s to %s: want exactly the 120 days up to 2026-11-01T00:00:00Z", len(all), all[len(all)-1].CreatedAt, all[0].CreatedAt)
	}
	counts := map[string]int{}
	count := func(format string, args ...any) { counts[fmt.Sprintf(format, args...)]++ }
	names := map[string]string{"CLASSIFICATION": "Customer Sentiment", "TEXT": "Call Summary", "EXTRACTION": "Order Details", "JSON": "Script Adherence"}
	for _, op := range s.Operators() {
		versions := s.OperatorVersions(op.ID)
		if ops[op.ID] = *op.OutputFormat; !slices.Contains(OperatorIDs, op.ID) || *op.DisplayName != names[*op.OutputFormat] ||
			(*op.Author == "TWILIO") != (op.Prompt == nil) || *versions[0].Version != *op.Version {
			t.Errorf("operator %s with versions %+v", mustJSON(op), versions)
		}
		for _, v := range versions {
			count("author %s", *op.Author)
			count("version %s", *v.Status)
		}
	}
	for _, c := range s.Configurations() {
		count("configuration %s %v", *c.DisplayName, slices.Contains(IntelligenceConfigurationIDs, c.ID))
		for _, r := range c.Rules {
			for _, ro := range r.Operators {
				if rules[fmt.Sprint(c.ID, *r.ID, *ro.ID, *ro.Version)] = *r.Triggers[0].On; !slices.ContainsFunc(s.OperatorVersions(*ro.ID),
					func(v intelligence.OperatorVersion) bool { return *v.Version == *ro.Version && *v.Status != "RETIRED" }) {
					t.Errorf("%s: a rule runs %s v%d, which does not exist or is retired", c.ID, *ro.ID, *ro.Version)
				}
			}
		}
	}
	for _, r := range s.OperatorResults() {
		results[r.ID] = r
	}
	for i, c := range all {
		if i > 0 && (all[i-1].CreatedAt < c.CreatedAt || all[i-1].CreatedAt == c.CreatedAt && all[i-1].ID >= c.ID) {
			t.Errorf("not in API order at %d", i)
		} else if i > 0 && all[i-1].CreatedAt == c.CreatedAt {
			count("same createdAt")
		}
		participants, last := map[string]bool{}, mustTime(c.CreatedAt)
		for _, p := range c.Participants {
			participants[p.ID] = true
			count("participant type %q", deref(p.Type))
			count("participant name null %v", p.Name == nil)
		}
		for _, m := range c.Communications {
			if at := mustTime(m.CreatedAt); !participants[m.ParticipantID] || at.Before(last) || at.After(mustTime(c.UpdatedAt)) {
				t.Errorf("%s: communication %+v", c.ID, m)
			}
			last = mustTime(m.CreatedAt)
			count("text %s", nullOrEmpty(m.Content.Text))
		}
		var ran []string
		for _, id := range c.OperatorResultIDs {
			r := results[id]
			var details struct {
				Trigger        struct{ On, Timestamp string }
				Communications struct{ First, Last string }
				Channels       []string
				Participants   []struct{ ID string }
			}
			_ = json.Unmarshal(r.ExecutionDetails, &details)
			if on := rules[fmt.Sprint(*r.IntelligenceConfiguration.ID, *r.IntelligenceConfiguration.RuleID, *r.Operator.ID, *r.Operator.Version)]; on == "" ||
				*r.ConversationID != c.ID || !slices.Contains(c.IntelligenceConfigurationIDs, *r.IntelligenceConfiguration.ID) || details.Trigger.On != on ||
				!mustTime(*r.DateCreated).After(mustTime(details.Trigger.Timestamp)) || *r.OutputFormat != ops[*r.Operator.ID] || len(c.Communications) == 0 ||
				details.Communications.First != c.Communications[0].ID || details.Communications.Last != c.Communications[len(c.Communications)-1].ID ||
				!slices.Equal(details.Channels, c.Channels) || len(details.Participants) != len(c.Participants) {
				t.Fatalf("%s: operator result %s: %s", c.ID, id, mustJSON(r))
			}
			ran = append(ran, *r.Operator.ID)
			count("format %s", *r.OutputFormat)
			delete(results, id)
		}
		if hidden := s.conversations.byID[c.ID].operators; !slices.Equal(ran, hidden) {
			t.Errorf("%s: results of %v, but operatorIds finds it by %v", c.ID, ran, hidden)
		}
		count("status %s", c.Status)
		for _, ch := range c.Channels {
			count("channel %s", ch)
		}
		count("%d channels", len(c.Channels))
		count("%d configurations", len(c.IntelligenceConfigurationIDs))
		count("%d participants", len(c.Participants))
		count("%d results", min(len(c.OperatorResultIDs), 2))
		count("%d communications", min(len(c.Communications), 2))
		count("name %s", nullOrEmpty(c.Name))
		count("accountId %s", nullOrEmpty(c.AccountID))
		count("channelId that needs escaping %v", slices.ContainsFunc(c.ChannelIDs, func(id string) bool { return strings.ContainsAny(id, "+/=<@") }))
	}
	if len(results) > 0 {
		t.Errorf("%d results named by no conversation", len(results))
	}
	want := strings.Split("same createdAt,participant type \"\",participant type \"UNKNOWN\",participant name null true,text null,text empty,"+
		"channelId that needs escaping true,name null,name empty,accountId null,1 channels,2 channels,0 configurations,1 configurations,"+
		"2 configurations,1 participants,2 participants,3 participants,0 results,1 results,2 results,0 communications,1 communications,2 communications", ",")
	for prefix, values := range map[string][]string{"status ": intelligence.Statuses, "channel ": intelligence.Channels, "format ": intelligence.OutputFormats} {
		for _, v := range values {
			want = append(want, prefix+v)
		}
	}
	for _, k := range strings.Split("author TWILIO,author SELF,version PREVIEW,version ACTIVE,version DEPRECATED,version RETIRED,configuration "+
		"post-call-analytics true,configuration real-time-sentiment true,configuration sales-qa true,configuration script-preview true", ",") {
		if counts[k] == 0 {
			t.Errorf("no seeded operator or configuration has %s", k)
		}
	}
	for _, k := range want {
		if counts[k] < 3 {
			t.Errorf("%q: %d, want at least 3", k, counts[k])
		}
	}
}

func nullOrEmpty(p *string) string {
	switch {
	case p == nil:
		return "null"
	case *p == "":
		return "empty"
	}
	return "set"
}

func TestDeterminism(t *testing.T) {
	everything := func(opts Options) string {
		s := NewHandler(opts)
		return string(mustJSON([]any{s.Conversations(), s.OperatorResults(), s.Operators(), s.OperatorVersions(op3), s.Configurations()}))
	}
	if a := everything(Options{}); a != everything(Options{Seed: 1, Conversations: 250}) || a == everything(Options{Seed: 2}) {
		t.Error("the same options do not give the same data, or another seed does")
	}
	emptyPageTokens := func() []string {
		s := newServer(t, Options{Conversations: 5})
		s.Inject(Fault{Kind: FaultEmptyPageWithToken, Times: -1})
		var out []string
		for q := vals("pageSize", "2"); len(out) < 3; q.Set("pageToken", out[len(out)-1]) {
			out = append(out, token(t, s, convsPath, q))
		}
		return out
	}
	if a, b := emptyPageTokens(), emptyPageTokens(); !slices.Equal(a, b) || a[0] == a[1] || a[1] == a[2] {
		t.Errorf("FaultEmptyPageWithToken: tokens %q and %q: want the same fresh tokens from two servers", a, b)
	}
}
