package intelligencetest

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

func cid(n int) string { return fmt.Sprintf("conv_conversation_0%025d", n) }

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func conv(id string, created time.Time) intelligence.Conversation {
	return intelligence.Conversation{ID: id, Status: "CLOSED", CreatedAt: created.Format(time.RFC3339Nano),
		UpdatedAt: created.Add(time.Minute).Format(time.RFC3339Nano), Channels: []string{"VOICE"}, ConversationConfigurationID: ConversationConfigurationIDs[0]}
}

// TestFilters: each filter on six conversations whose every outcome is known by hand.
func TestFilters(t *testing.T) {
	s := newServer(t, Options{Conversations: -1})
	email := "<CA+x/y=z@mail.example.com>"
	add := func(n int, created time.Time, status string, channels, channelIDs, configs []string, cc int, ops ...string) {
		c := conv(cid(n), created)
		c.Status, c.Channels, c.ChannelIDs, c.IntelligenceConfigurationIDs, c.ConversationConfigurationID = status, channels, channelIDs, configs, ConversationConfigurationIDs[cc]
		s.Add(c, ops...)
	}
	// C and D share a createdAt: D has the smaller id, so it comes first.
	A, B, C, D, E, F := cid(1), cid(2), cid(4), cid(3), cid(5), cid(6)
	add(1, t0, "CLOSED", []string{"VOICE"}, []string{"CA1"}, []string{ic0}, 0, op0)
	add(2, t0.Add(-time.Hour), "ACTIVE", []string{"SMS", "EMAIL"}, []string{"SM1", email}, []string{IntelligenceConfigurationIDs[1]}, 1, op1, OperatorIDs[2])
	add(4, t0.Add(-2*time.Hour), "INACTIVE", []string{"WHATSAPP"}, []string{"SM2"}, []string{ic0, ic2}, 0)
	add(3, t0.Add(-2*time.Hour), "CLOSED", []string{"CHAT"}, []string{"CH1"}, nil, 2, op3)
	add(5, t0.Add(-72*time.Hour), "CLOSED", []string{"VOICE", "SMS"}, []string{"CA2", "SM3"}, []string{ic3}, 0, op0, op3)
	add(6, t0.Add(-40*24*time.Hour), "ACTIVE", []string{"API"}, nil, []string{IntelligenceConfigurationIDs[1]}, 1, OperatorIDs[2])
	at := func(d time.Duration) string { return t0.Add(d).Format(time.RFC3339Nano) }
	for _, tt := range []struct {
		query url.Values
		want  []string
	}{
		{nil, []string{A, B, D, C, E, F}},
		{vals("status", "CLOSED"), []string{A, D, E}},
		{vals("channels", "VOICE", "channels", "SMS"), []string{A, B, E}},
		{vals("channelId", email), []string{B}},
		{vals("channelId", "SM"), nil}, // not a prefix match
		{vals("conversationConfigurationId", ConversationConfigurationIDs[0]), []string{A, C, E}},
		{vals("intelligenceConfigurationIds", ic0, "intelligenceConfigurationIds", ic3), []string{A, C, E}},
		{vals("operatorIds", op1, "operatorIds", op0), []string{A, B, E}},
		{vals("channels", "SMS", "channels", "CHAT", "operatorIds", OperatorIDs[2], "operatorIds", op3), []string{B, D, E}},
		{vals("createdAtAfter", at(-2*time.Hour)), []string{A, B}},  // exclusive
		{vals("createdAtBefore", at(-2*time.Hour)), []string{E, F}}, // exclusive
		{vals("createdAtAfter", at(-time.Hour-1), "createdAtBefore", at(-time.Hour+1)), []string{B}},
		{vals("createdAtAfter", at(-time.Hour), "createdAtBefore", at(-time.Hour)), nil},
		{vals("createdAtAfter", t0.Add(-2*time.Hour).In(time.FixedZone("", 7200)).Format(time.RFC3339)), []string{A, B}},
		{vals("createdAtAfter", "0001-01-01T00:00:00Z"), []string{A, B, D, C, E, F}},
	} {
		for _, size := range []string{"1", "1000"} { // the same set whatever the page size
			q, _ := url.ParseQuery(tt.query.Encode())
			if q.Set("pageSize", size); !slices.Equal(listKeys(t, s, convsPath, q), tt.want) {
				t.Errorf("%s: got %v, want %v", q.Encode(), listKeys(t, s, convsPath, q), tt.want)
			}
		}
	}

	// Operator results' filters AND together.
	s = newServer(t, Options{})
	all := s.OperatorResults()
	r := all[len(all)/2]
	for _, q := range []url.Values{vals("conversationId", *r.ConversationID), vals("intelligenceConfigurationId", *r.IntelligenceConfiguration.ID),
		vals("operatorId", *r.Operator.ID, "intelligenceConfigurationId", *r.IntelligenceConfiguration.ID), vals("conversationId", *r.ConversationID, "operatorId", op0)} {
		var want []string
		for _, r := range all {
			if cmp.Or(q.Get("conversationId"), *r.ConversationID) == *r.ConversationID && cmp.Or(q.Get("operatorId"), *r.Operator.ID) == *r.Operator.ID &&
				cmp.Or(q.Get("intelligenceConfigurationId"), *r.IntelligenceConfiguration.ID) == *r.IntelligenceConfiguration.ID {
				want = append(want, r.ID)
			}
		}
		if got := listKeys(t, s, resultsPath, q); !slices.Equal(got, want) || len(want) == len(all) {
			t.Errorf("%v: got %d results, want %d of %d", q, len(got), len(want), len(all))
		}
	}
}
