package intelligencetest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

func cid(n int) string { return fmt.Sprintf("conv_conversation_0%025d", n) }

var (
	t0                 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ic0, ic1, ic2, ic3 = IntelligenceConfigurationIDs[0], IntelligenceConfigurationIDs[1], IntelligenceConfigurationIDs[2], IntelligenceConfigurationIDs[3]
	op0, op1, op2, op3 = OperatorIDs[0], OperatorIDs[1], OperatorIDs[2], OperatorIDs[3]
	cc0, cc1, cc2      = ConversationConfigurationIDs[0], ConversationConfigurationIDs[1], ConversationConfigurationIDs[2]
	emailMessageID     = "<CA+x/y=z@mail.example.com>"
	idA, idB, idC, idD = cid(1), cid(2), cid(4), cid(3)
	idE, idF           = cid(5), cid(6)
)

func crafted(id string, created time.Time, status string, channels, channelIDs, ics []string, cc string) intelligence.Conversation {
	return intelligence.Conversation{
		ID: id, Status: status, CreatedAt: created.Format(time.RFC3339Nano), UpdatedAt: created.Add(time.Minute).Format(time.RFC3339Nano),
		Channels: channels, ChannelIDs: channelIDs, IntelligenceConfigurationIDs: ics, ConversationConfigurationID: cc,
	}
}

// craftedServer holds six conversations whose every filter outcome is known by hand.
// C and D share a createdAt; D has the smaller id, so it comes first whatever the
// insertion order.
func craftedServer(t *testing.T) *Server {
	s := emptyServer(t)
	s.Add(crafted(idA, t0, "CLOSED", []string{"VOICE"}, []string{"CA1"}, []string{ic0}, cc0), op0)
	s.Add(crafted(idB, t0.Add(-time.Hour), "ACTIVE", []string{"SMS", "EMAIL"}, []string{"SM1", emailMessageID}, []string{ic1}, cc1), op1, op2)
	s.Add(crafted(idC, t0.Add(-2*time.Hour), "INACTIVE", []string{"WHATSAPP"}, []string{"SM2"}, []string{ic0, ic2}, cc0))
	s.Add(crafted(idD, t0.Add(-2*time.Hour), "CLOSED", []string{"CHAT"}, []string{"CH1"}, nil, cc2), op3)
	s.Add(crafted(idE, t0.Add(-72*time.Hour), "CLOSED", []string{"VOICE", "SMS"}, []string{"CA2", "SM3"}, []string{ic3}, cc0), op0, op3)
	s.Add(crafted(idF, t0.Add(-40*24*time.Hour), "ACTIVE", []string{"API"}, nil, []string{ic1}, cc1), op2)
	return s
}

func ts(d time.Duration) string { return t0.Add(d).Format(time.RFC3339Nano) }

func TestFilters(t *testing.T) {
	s := craftedServer(t)
	A, B, C, D, E, F := idA, idB, idC, idD, idE, idF
	tests := []struct {
		name  string
		query url.Values
		want  []string
	}{
		{"none: createdAt desc, then id asc", nil, []string{A, B, D, C, E, F}},
		{"status CLOSED", vals("status", "CLOSED"), []string{A, D, E}},
		{"channels OR", vals("channels", "VOICE", "channels", "SMS"), []string{A, B, E}},
		{"channels OR, repeated value", vals("channels", "CHAT", "channels", "CHAT", "channels", "API"), []string{D, F}},
		{"second channel of a conversation", vals("channels", "EMAIL"), []string{B}},
		{"channelId needing escaping", vals("channelId", emailMessageID), []string{B}},
		{"channelId is not a prefix match", vals("channelId", "SM"), nil},
		{"conversationConfigurationId", vals("conversationConfigurationId", cc0), []string{A, C, E}},
		{"intelligenceConfigurationIds OR", vals("intelligenceConfigurationIds", ic0, "intelligenceConfigurationIds", ic3), []string{A, C, E}},
		{"operatorIds OR", vals("operatorIds", op1, "operatorIds", op0), []string{A, B, E}},
		{"AND three", vals("status", "CLOSED", "channels", "VOICE", "operatorIds", op3), []string{E}},
		{"AND of ORs", vals("channels", "SMS", "channels", "CHAT", "operatorIds", op2, "operatorIds", op3), []string{B, D, E}},
		{"after is exclusive", vals("createdAtAfter", ts(-2*time.Hour)), []string{A, B}},
		{"after one second earlier", vals("createdAtAfter", ts(-2*time.Hour-time.Second)), []string{A, B, D, C}},
		{"before is exclusive", vals("createdAtBefore", ts(-2*time.Hour)), []string{E, F}},
		{"nanosecond window", vals("createdAtAfter", ts(-time.Hour-1), "createdAtBefore", ts(-time.Hour+1)), []string{B}},
		{"equal bounds select nothing", vals("createdAtAfter", ts(-time.Hour), "createdAtBefore", ts(-time.Hour)), nil},
		{"both bounds exclusive", vals("createdAtAfter", ts(-72*time.Hour), "createdAtBefore", ts(0)), []string{B, D, C}},
		{"offset time zone", vals("createdAtAfter", t0.Add(-2*time.Hour).In(time.FixedZone("", 2*3600)).Format(time.RFC3339)), []string{A, B}},
		{"far past bound alone", vals("createdAtAfter", "0001-01-01T00:00:00Z"), []string{A, B, D, C, E, F}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, size := range []string{"1", "2", "1000"} { // the same set whatever the page size
				q := clone[url.Values](tt.query)
				if q == nil {
					q = url.Values{}
				}
				q.Set("pageSize", size)
				if got := listKeys(t, s, conversationsPath, q); !slices.Equal(got, tt.want) {
					t.Fatalf("pageSize %s: got %v, want %v", size, got, tt.want)
				}
			}
		})
	}
}

// TestFiltersMatchOracle compares the server with a brute-force reading of the spec over
// seeded data, for random filter combinations.
func TestFiltersMatchOracle(t *testing.T) {
	s := newServer(t, Options{Conversations: 400, Seed: 7, Span: 60 * 24 * time.Hour})
	all := s.Conversations()
	operators := map[string][]string{}
	for _, c := range s.conversations.all() {
		operators[c.ID] = c.operators
	}
	newest, _ := time.Parse(time.RFC3339, all[0].CreatedAt)
	rng := rand.New(rand.NewPCG(1, 2)) //nolint:gosec // reproducible test inputs
	some := func(pool []string) []string {
		return pickN(&generator{rng: rng}, pool, 1+rng.IntN(2))
	}
	for i := range 80 {
		q := url.Values{}
		if rng.IntN(2) == 0 {
			q.Set("status", intelligence.Statuses[rng.IntN(3)])
		}
		if rng.IntN(2) == 0 {
			q["channels"] = some(intelligence.Channels)
		}
		if rng.IntN(3) == 0 {
			q["intelligenceConfigurationIds"] = some(IntelligenceConfigurationIDs)
		}
		if rng.IntN(3) == 0 {
			q["operatorIds"] = some(OperatorIDs)
		}
		if rng.IntN(4) == 0 {
			q.Set("conversationConfigurationId", ConversationConfigurationIDs[rng.IntN(3)])
		}
		if rng.IntN(5) == 0 {
			c := all[rng.IntN(len(all))]
			q.Set("channelId", c.ChannelIDs[rng.IntN(len(c.ChannelIDs))])
		}
		var after, before time.Time
		if rng.IntN(2) == 0 { // bounds on existing createdAt values, to hit the exclusive edges
			after, _ = time.Parse(time.RFC3339, all[rng.IntN(len(all))].CreatedAt)
			q.Set("createdAtAfter", after.Format(time.RFC3339))
		}
		if rng.IntN(2) == 0 {
			before = newest.Add(-time.Duration(rng.IntN(30*24)) * time.Hour)
			if !after.IsZero() {
				before = after.Add(time.Duration(1+rng.IntN(31*24)) * time.Hour)
			}
			q.Set("createdAtBefore", before.Format(time.RFC3339))
		}

		var want []string
		for _, c := range all {
			created, _ := time.Parse(time.RFC3339, c.CreatedAt)
			ok := (q.Get("status") == "" || c.Status == q.Get("status")) &&
				(q["channels"] == nil || anyIn(q["channels"], c.Channels)) &&
				(q["intelligenceConfigurationIds"] == nil || anyIn(q["intelligenceConfigurationIds"], c.IntelligenceConfigurationIDs)) &&
				(q["operatorIds"] == nil || anyIn(q["operatorIds"], operators[c.ID])) &&
				(q.Get("conversationConfigurationId") == "" || c.ConversationConfigurationID == q.Get("conversationConfigurationId")) &&
				(q.Get("channelId") == "" || slices.Contains(c.ChannelIDs, q.Get("channelId"))) &&
				(after.IsZero() || created.After(after)) &&
				(before.IsZero() || created.Before(before))
			if ok {
				want = append(want, c.ID)
			}
		}
		q.Set("pageSize", fmt.Sprint(1+rng.IntN(60)))
		if got := listKeys(t, s, conversationsPath, q); !slices.Equal(got, want) {
			t.Fatalf("query %d %s: got %d ids, want %d", i, q.Encode(), len(got), len(want))
		}
	}
}

func anyIn(want, have []string) bool {
	return slices.ContainsFunc(have, func(h string) bool { return slices.Contains(want, h) })
}

// TestBadRequests covers the 400s of every list endpoint, each naming its parameter.
func TestBadRequests(t *testing.T) {
	s := craftedServer(t)
	s.AddOperator(intelligence.Operator{ID: OperatorIDs[0]})
	after := t0.Add(-40 * 24 * time.Hour)
	window := func(before time.Time) string {
		return "createdAtAfter=" + after.Format(time.RFC3339) + "&createdAtBefore=" + url.QueryEscape(before.Format(time.RFC3339Nano))
	}
	for _, ok := range []string{window(after.Add(intelligence.MaxWindow)), window(after.Add(intelligence.MaxWindow).In(time.FixedZone("", -5*3600)))} {
		if res := get(t, s, "/v3/Conversations?"+ok); res.status != 200 {
			t.Errorf("%s: status %d: %s", ok, res.status, res.body)
		}
	}
	tests := []struct {
		path, rawQuery, param string
	}{
		{conversationsPath, "PageSize=10", "PageSize"},
		{conversationsPath, "PageToken=abc", "PageToken"}, // twilio-go's capitalization
		{conversationsPath, "channels[]=VOICE", "channels[]"},
		{conversationsPath, "status=CLOSED&limit=5", "limit"},
		{conversationsPath, "pageSize=5&pageSize=5", "pageSize"},
		{conversationsPath, "status=CLOSED&status=ACTIVE", "status"},
		{conversationsPath, "channelId=CA1&channelId=CA2", "channelId"},
		{conversationsPath, "pageToken=a&pageToken=b", "pageToken"},
		{conversationsPath, "pageSize=ten", "pageSize"},
		{conversationsPath, "pageSize=0", "pageSize"},
		{conversationsPath, "pageSize=1001", "pageSize"},
		{conversationsPath, "pageSize=10.0", "pageSize"},
		{conversationsPath, "pageSize=", "pageSize"},
		{conversationsPath, "pageSize=%2010", "pageSize"},
		{conversationsPath, "status=closed", "status"},
		{conversationsPath, "status=", "status"},
		{conversationsPath, "channels=voice", "channels"},
		{conversationsPath, "channels=VOICE,SMS", "channels"},
		{conversationsPath, "channels=VOICE&channels=PIGEON", "channels"},
		{conversationsPath, "intelligenceConfigurationIds=intelligence_configuration_81k6fc25s7epm9qtk8rszbv3q5", "intelligenceConfigurationIds"},
		{conversationsPath, "operatorIds=intelligence_operator_01K6FC25S7EPM9QTK8RSZBV3Q5", "operatorIds"},
		{conversationsPath, "operatorIds=" + ic0, "operatorIds"},
		{conversationsPath, "createdAtAfter=2026-01-01", "createdAtAfter"},
		{conversationsPath, "createdAtAfter=2026-01-01T00:00:00", "createdAtAfter"},
		{conversationsPath, "createdAtBefore=2026-01-01T00:00:00+01:00", "createdAtBefore"}, // + unescaped
		{conversationsPath, "createdAtAfter=2026-01-02T00:00:00Z&createdAtBefore=2026-01-01T00:00:00Z", "createdAtAfter"},
		{conversationsPath, window(after.Add(intelligence.MaxWindow + 1)), "createdAtBefore"},
		{conversationsPath, "createdAtAfter=0001-01-01T00:00:00Z&createdAtBefore=2026-01-01T00:00:00Z", "createdAtBefore"},
		{conversationsPath, "channelId=", "channelId"},
		{conversationsPath, "pageToken=abc", "pageToken"},
		{resultsPath, "conversationId=conv_1", "conversationId"},
		{resultsPath, "conversationId=" + idA + "&conversationId=" + idB, "conversationId"},
		{resultsPath, "intelligenceConfigurationId=" + op0, "intelligenceConfigurationId"},
		{resultsPath, "operatorId=intelligence_operator_", "operatorId"},
		{resultsPath, "operatorIds=" + op0, "operatorIds"},
		{resultsPath, "pageSize=0", "pageSize"},
		{operatorsPath, "pageSize=1001", "pageSize"},
		{operatorsPath, "displayName=x", "displayName"},
		{versionsPath(op0), "status=ACTIVE", "status"},
		{versionsPath(op0), "pageToken=", "pageToken"},
		{configurationsPath, "pageSize=-1", "pageSize"},
		{configurationsPath, "pageToken=next_page_token_example", "pageToken"},
	}
	for _, tt := range tests {
		t.Run(tt.path+"?"+tt.rawQuery, func(t *testing.T) {
			e := apiErr(t, get(t, s, tt.path+"?"+tt.rawQuery), http.StatusBadRequest)
			if e.Code != 20001 || e.Params["parameter"] != tt.param {
				t.Errorf("code %d, params %v; want 20001 naming %q", e.Code, e.Params, tt.param)
			}
		})
	}
}

func TestAdd(t *testing.T) {
	s := emptyServer(t)
	text := "¿Dónde está mi pedido? 📦\n\"quoted\""
	c := intelligence.Conversation{
		ID: cid(1), Status: "ACTIVE", CreatedAt: "2026-01-15T10:30:00.123456789+01:00", UpdatedAt: "2026-01-15T10:45:30Z",
		ConversationConfigurationID: cc0, Channels: []string{"SMS"},
		Participants:   []intelligence.Participant{{ID: "conv_participant_01k1etx3jbfx88476ccja0889c"}},
		Communications: []intelligence.Communication{{ID: "conv_communication_01k1etk2y5f1y9fpe2epfdtvv2", ParticipantID: "conv_participant_01k1etx3jbfx88476ccja0889c", Content: intelligence.Content{Text: &text}, CreatedAt: "2026-01-15T10:30:15Z"}},
	}
	s.Add(c, op0)
	text = "changed after Add" // the server keeps its own copy

	res := get(t, s, "/v3/Conversations/"+cid(1))
	want := `{"id":"conv_conversation_00000000000000000000000001","accountId":null,"name":null,"status":"ACTIVE",` +
		`"createdAt":"2026-01-15T10:30:00.123456789+01:00","updatedAt":"2026-01-15T10:45:30Z","intelligenceConfigurationIds":[],` +
		`"conversationConfigurationId":"` + cc0 + `","channels":["SMS"],"channelIds":[],` +
		`"participants":[{"id":"conv_participant_01k1etx3jbfx88476ccja0889c","name":null,"type":null,"addressValues":[]}],` +
		`"operatorResultIds":[],"communications":[{"id":"conv_communication_01k1etk2y5f1y9fpe2epfdtvv2",` +
		`"participantId":"conv_participant_01k1etx3jbfx88476ccja0889c","content":{"text":"¿Dónde está mi pedido? 📦\n\"quoted\""},"createdAt":"2026-01-15T10:30:15Z"}]}`
	if res.status != 200 || string(res.body) != want {
		t.Errorf("fetch: %d\n got %s\nwant %s", res.status, res.body, want)
	}
	if got := listKeys(t, s, conversationsPath, vals("operatorIds", op0)); !slices.Equal(got, []string{cid(1)}) {
		t.Errorf("operatorIds filter on an added conversation: %v", got)
	}
	// Within the window by its instant, not by its local wall clock.
	if got := listKeys(t, s, conversationsPath, vals("createdAtAfter", "2026-01-15T09:29:59Z", "createdAtBefore", "2026-01-15T09:30:01Z")); len(got) != 1 {
		t.Errorf("added conversation not found by instant: %v", got)
	}
	mustPanic(t, map[string]func(){
		"bad id":        func() { s.Add(intelligence.Conversation{ID: "conv_1", CreatedAt: "2026-01-01T00:00:00Z"}) },
		"bad createdAt": func() { s.Add(intelligence.Conversation{ID: cid(2), CreatedAt: "2026-01-01"}) },
		"bad operator":  func() { s.Add(intelligence.Conversation{ID: cid(3), CreatedAt: "2026-01-01T00:00:00Z"}, "op") },
		"duplicate id":  func() { s.Add(c) },
	})
}

// mustPanic runs each function and fails the test for each one that does not panic.
func mustPanic(t *testing.T, fs map[string]func()) {
	t.Helper()
	for name, f := range fs {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		})
	}
}
