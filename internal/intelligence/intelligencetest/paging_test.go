package intelligencetest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

func TestPagingWalksEverythingOnce(t *testing.T) {
	s := newServer(t, Options{})
	want := ids(s.Conversations())
	for _, size := range []string{"1", "7", "50", "249", "250", "251", "1000"} {
		q := vals("pageSize", size)
		var got []string
		for n := 0; ; n++ {
			p := page(t, s, q)
			if n == 0 && p.Meta.PreviousToken != "" {
				t.Errorf("pageSize %s: first page has a previousToken", size)
			}
			if n > 0 && p.Meta.PreviousToken == "" {
				t.Errorf("pageSize %s: page %d has no previousToken", size, n)
			}
			got = append(got, ids(p.Items)...)
			if p.Meta.NextToken == "" {
				break
			}
			if len(p.Items) == 0 {
				t.Fatalf("pageSize %s: empty page with a nextToken", size)
			}
			q.Set("pageToken", p.Meta.NextToken)
		}
		if !slices.Equal(got, want) {
			t.Errorf("pageSize %s: %d ids in pages, want the %d of Conversations() in order", size, len(got), len(want))
		}
	}
}

func TestPreviousToken(t *testing.T) {
	s := newServer(t, Options{})
	q := vals("pageSize", "20", "status", "CLOSED")
	p1 := page(t, s, q)
	q.Set("pageToken", p1.Meta.NextToken)
	p2 := page(t, s, q)
	q.Set("pageToken", p2.Meta.NextToken)
	p3 := page(t, s, q)

	q.Set("pageToken", p3.Meta.PreviousToken)
	back2 := page(t, s, q)
	if !slices.Equal(ids(back2.Items), ids(p2.Items)) {
		t.Errorf("previousToken of page 3 does not give page 2")
	}
	q.Set("pageToken", back2.Meta.PreviousToken)
	back1 := page(t, s, q)
	if !slices.Equal(ids(back1.Items), ids(p1.Items)) || back1.Meta.PreviousToken != "" {
		t.Errorf("previousToken of page 2 does not give page 1 (previousToken %q)", back1.Meta.PreviousToken)
	}
	if back1.Meta.NextToken == "" {
		t.Error("page 1 reached backwards has no nextToken")
	}
}

func TestTokenNeedsEscaping(t *testing.T) {
	s := newServer(t, Options{})
	q := vals("pageSize", "3")
	for range 20 {
		tok := page(t, s, q).Meta.NextToken
		for _, c := range []string{"+", "/", "=", "&", "?"} {
			if !strings.Contains(tok, c) {
				t.Fatalf("token %q has no %q", tok, c)
			}
		}
		q.Set("pageToken", tok)
	}

	// A client that pastes the token into the URL unescaped gets a 400, not a wrong page.
	tok := page(t, s, vals("pageSize", "3")).Meta.NextToken
	res := get(t, s, "/v3/Conversations?pageSize=3&pageToken="+tok)
	apiErr(t, res, http.StatusBadRequest)
	// Escaping only the & (as some hand-rolled encoders do) is not enough either.
	res = get(t, s, "/v3/Conversations?pageSize=3&pageToken="+strings.ReplaceAll(tok, "&", "%26"))
	apiErr(t, res, http.StatusBadRequest)
}

func TestTokenBinding(t *testing.T) {
	s := newServer(t, Options{Conversations: 2000})
	after := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	base := vals("pageSize", "10", "channels", "VOICE", "channels", "SMS", "status", "CLOSED",
		"createdAtAfter", after.Format(time.RFC3339), "operatorIds", op0, "operatorIds", op1)
	tok := page(t, s, base).Meta.NextToken
	if tok == "" {
		t.Fatal("the base query has a single page; the test needs two")
	}
	with := func(edit func(q url.Values)) url.Values {
		q := cloneValues(base)
		q.Set("pageToken", tok)
		edit(q)
		return q
	}
	ok := []struct {
		name string
		q    url.Values
	}{
		{"same parameters", with(func(url.Values) {})},
		{"array values in another order", with(func(q url.Values) { q["channels"] = []string{"SMS", "VOICE"} })},
		{"array value repeated", with(func(q url.Values) { q["operatorIds"] = []string{op1, op0, op1} })},
		{"same instant in another zone", with(func(q url.Values) {
			q.Set("createdAtAfter", after.In(time.FixedZone("", 3600)).Format(time.RFC3339))
		})},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			if res := get(t, s, listURL(tt.q)); res.status != 200 {
				t.Errorf("status %d: %s", res.status, res.body)
			}
		})
	}

	other := newServer(t, Options{Conversations: 2000, Seed: 2})
	bad := []struct {
		name string
		s    *Server
		q    url.Values
	}{
		{"filters dropped (twilio-go's bug)", s, vals("pageSize", "10", "pageToken", tok)},
		{"pageSize dropped", s, with(func(q url.Values) { q.Del("pageSize") })},
		{"pageSize changed", s, with(func(q url.Values) { q.Set("pageSize", "11") })},
		{"status changed", s, with(func(q url.Values) { q.Set("status", "ACTIVE") })},
		{"channel removed", s, with(func(q url.Values) { q["channels"] = []string{"VOICE"} })},
		{"operator added", s, with(func(q url.Values) { q.Add("operatorIds", op2) })},
		{"window moved a second", s, with(func(q url.Values) { q.Set("createdAtAfter", after.Add(time.Second).Format(time.RFC3339)) })},
		{"filter added", s, with(func(q url.Values) { q.Set("channelId", "CA1") })},
		{"token from a server with another seed", other, with(func(url.Values) {})},
		{"forged: one character changed", s, with(func(q url.Values) { q.Set("pageToken", flip(tok, 5)) })},
		{"forged: signature changed", s, with(func(q url.Values) { q.Set("pageToken", flip(tok, len(tok)-len(tokenSuffix)-3)) })},
		{"garbled: suffix missing", s, with(func(q url.Values) { q.Set("pageToken", strings.TrimSuffix(tok, tokenSuffix)) })},
		{"garbled: truncated", s, with(func(q url.Values) { q.Set("pageToken", tok[:20]+tokenSuffix) })},
		{"garbled: not base64", s, with(func(q url.Values) { q.Set("pageToken", "***"+tokenSuffix) })},
		{"a token made up by the example", s, with(func(q url.Values) { q.Set("pageToken", "next_page_token_example") })},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			e := apiErr(t, get(t, tt.s, listURL(tt.q)), http.StatusBadRequest)
			mustContain(t, e.Message, "invalid pageToken")
			if e.Params["parameter"] != "pageToken" {
				t.Errorf("params %v", e.Params)
			}
		})
	}
}

// flip changes the character at i to another base64 character.
func flip(s string, i int) string {
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}

// TestAddBetweenPages: tokens are cursors, so a conversation added while a client pages
// neither duplicates nor hides the ones it has not read yet.
func TestAddBetweenPages(t *testing.T) {
	s := craftedServer(t)
	q := vals("pageSize", "2")
	p1 := page(t, s, q)                                                                           // A, B
	s.Add(crafted(cid(10), t0.Add(time.Hour), "CLOSED", []string{"VOICE"}, nil, nil, cc0))        // newer than everything: before the cursor
	s.Add(crafted(cid(11), t0.Add(-150*time.Minute), "CLOSED", []string{"VOICE"}, nil, nil, cc0)) // after the cursor: must appear
	q.Set("pageToken", p1.Meta.NextToken)
	got := ids(p1.Items)
	for {
		p := page(t, s, q)
		got = append(got, ids(p.Items)...)
		if p.Meta.NextToken == "" {
			break
		}
		q.Set("pageToken", p.Meta.NextToken)
	}
	want := []string{idA, idB, idD, idC, cid(11), idE, idF}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
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
	if res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	want := `{"id":"conv_conversation_00000000000000000000000001","accountId":null,"name":null,"status":"ACTIVE",` +
		`"createdAt":"2026-01-15T10:30:00.123456789+01:00","updatedAt":"2026-01-15T10:45:30Z","intelligenceConfigurationIds":[],` +
		`"conversationConfigurationId":"` + cc0 + `","channels":["SMS"],"channelIds":[],` +
		`"participants":[{"id":"conv_participant_01k1etx3jbfx88476ccja0889c","name":null,"type":null,"addressValues":[]}],` +
		`"operatorResultIds":[],"communications":[{"id":"conv_communication_01k1etk2y5f1y9fpe2epfdtvv2",` +
		`"participantId":"conv_participant_01k1etx3jbfx88476ccja0889c","content":{"text":"¿Dónde está mi pedido? 📦\n\"quoted\""},"createdAt":"2026-01-15T10:30:15Z"}]}`
	if string(res.body) != want {
		t.Errorf("fetch body\n got %s\nwant %s", res.body, want)
	}
	if got := listIDs(t, s, vals("operatorIds", op0)); !slices.Equal(got, []string{cid(1)}) {
		t.Errorf("operatorIds filter on an added conversation: %v", got)
	}
	// Within the window by its instant, not by its local wall clock.
	if got := listIDs(t, s, vals("createdAtAfter", "2026-01-15T09:29:59Z", "createdAtBefore", "2026-01-15T09:30:01Z")); len(got) != 1 {
		t.Errorf("added conversation not found by instant: %v", got)
	}

	for name, bad := range map[string]func(){
		"bad id":        func() { s.Add(intelligence.Conversation{ID: "conv_1", CreatedAt: "2026-01-01T00:00:00Z"}) },
		"bad createdAt": func() { s.Add(intelligence.Conversation{ID: cid(2), CreatedAt: "2026-01-01"}) },
		"bad operator":  func() { s.Add(intelligence.Conversation{ID: cid(3), CreatedAt: "2026-01-01T00:00:00Z"}, "op") },
		"duplicate id":  func() { s.Add(c) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("Add did not panic")
				}
			}()
			bad()
		})
	}
}
