package intelligence

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

func TestBaseURLFor(t *testing.T) {
	for _, tc := range []struct{ region, edge, want string }{
		{"", "", "https://intelligence.twilio.com"},
		{"ie1", "", "https://intelligence.ie1.twilio.com"},
		{"", "sydney", "https://intelligence.sydney.us1.twilio.com"},
		{"au1", "sydney", "https://intelligence.sydney.au1.twilio.com"},
	} {
		if got := BaseURLFor(tc.region, tc.edge); got != tc.want {
			t.Errorf("BaseURLFor(%q, %q) = %q, want %q", tc.region, tc.edge, got, tc.want)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	for _, tc := range []struct {
		raw     string
		wantErr string // "" means accepted
	}{
		{"https://intelligence.twilio.com", ""},
		{"https://intelligence.twilio.com/", ""},
		{"https://stub.example.com/prefix/", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://127.1.2.3", ""},
		{"http://[::1]:9000", ""},
		{"http://localhost:9000", ""},
		{"http://LOCALHOST", ""},
		{"http://intelligence.twilio.com", "only allowed for loopback"},
		{"http://10.0.0.1", "only allowed for loopback"},
		{"http://localhost.example.com", "only allowed for loopback"},
		{"http://127.0.0.1.nip.io", "only allowed for loopback"},
		{"ftp://127.0.0.1", `scheme "ftp"`},
		{"intelligence.twilio.com", "not an absolute URL"},
		{"https://", "not an absolute URL"},
		{"https://host/?a=b", "query"},
		{"https://host/#x", "fragment"},
		{"https://user:hunter2@host", "must not contain credentials"},
		{"https://h ost", "not a valid URL"},
	} {
		_, err := ParseBaseURL(tc.raw)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("ParseBaseURL(%q): unexpected error %v", tc.raw, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ParseBaseURL(%q) = %v, want an error containing %q", tc.raw, err, tc.wantErr)
		case err != nil && strings.Contains(err.Error(), "hunter2"):
			t.Errorf("ParseBaseURL(%q) repeats the password: %v", tc.raw, err)
		}
	}
}

func TestParseBaseURLTrimsTrailingSlash(t *testing.T) {
	u, err := ParseBaseURL("https://stub.example.com/prefix/")
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/prefix" {
		t.Errorf("path = %q, want /prefix", u.Path)
	}
}

func TestSplitWindows(t *testing.T) {
	day := 24 * time.Hour
	before := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		span time.Duration
		want int
	}{
		{"one day", day, 1},
		{"exactly 31 days", MaxWindow, 1},
		{"31 days and a second", MaxWindow + time.Second, 2},
		{"70 days", 70 * day, 3},
		{"120 days", 120 * day, 4},
		{"a year", 365 * day, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			after := before.Add(-tc.span)
			ws := splitWindows(after, before)
			if len(ws) != tc.want {
				t.Fatalf("%d windows, want %d: %v", len(ws), tc.want, ws)
			}
			if !ws[0].before.Equal(before) || !ws[len(ws)-1].after.Equal(after) {
				t.Errorf("windows %v do not span %s..%s", ws, after, before)
			}
			for i, w := range ws {
				if w.before.Sub(w.after) > MaxWindow {
					t.Errorf("window %d is %s wide, over the API's limit", i, w.before.Sub(w.after))
				}
				if !w.after.Before(w.before) {
					t.Errorf("window %d is empty: %v", i, w)
				}
				// Newest first, each overlapping the next so that an instant on a boundary
				// is strictly inside one window even if both bounds are exclusive.
				if i > 0 {
					prev := ws[i-1]
					if !w.before.After(prev.after) || w.before.Sub(prev.after) != windowOverlap {
						t.Errorf("window %d (%v) does not overlap window %d (%v) by %s", i, w, i-1, prev, windowOverlap)
					}
				}
			}
		})
	}
}

func TestListFilterQuery(t *testing.T) {
	f := ListFilter{
		CreatedAtAfter:               time.Date(2026, 1, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600)),
		CreatedAtBefore:              time.Date(2026, 1, 15, 0, 0, 0, 500_000_000, time.UTC),
		Status:                       "CLOSED",
		ChannelID:                    "CA123",
		Channels:                     []string{"VOICE", "SMS"},
		ConversationConfigurationID:  "conv_configuration_00000000000000000000000000",
		IntelligenceConfigurationIDs: []string{"intelligence_configuration_01k6fc25s7epm9qtk8rszbv3q5"},
		OperatorIDs:                  []string{"intelligence_operator_01k6fc25s7epm9qtk8rszbv3q5", "intelligence_operator_01k6fc25s7epm9qtk8rszbv3q6"},
	}
	got := f.query(1000).Encode()
	want := "channelId=CA123&channels=VOICE&channels=SMS" +
		"&conversationConfigurationId=conv_configuration_00000000000000000000000000" +
		"&createdAtAfter=2026-01-01T00%3A00%3A00Z&createdAtBefore=2026-01-15T00%3A00%3A00.5Z" +
		"&intelligenceConfigurationIds=intelligence_configuration_01k6fc25s7epm9qtk8rszbv3q5" +
		"&operatorIds=intelligence_operator_01k6fc25s7epm9qtk8rszbv3q5&operatorIds=intelligence_operator_01k6fc25s7epm9qtk8rszbv3q6" +
		"&pageSize=1000&status=CLOSED"
	if got != want {
		t.Errorf("query\n got %s\nwant %s", got, want)
	}
	if got := (ListFilter{}).query(7).Encode(); got != "pageSize=7" {
		t.Errorf("empty filter query = %q, want only pageSize", got)
	}
}

func TestListOptionsPageSize(t *testing.T) {
	for _, tc := range []struct {
		opts ListOptions
		want int
	}{
		{ListOptions{}, 1000},
		{ListOptions{PageSize: 200}, 200},
		{ListOptions{MaxResults: 10}, 10},
		{ListOptions{MaxResults: 1500}, 1000},
		{ListOptions{PageSize: 50, MaxResults: 10}, 10},
		{ListOptions{PageSize: 50, MaxResults: 70}, 50},
	} {
		if got := tc.opts.pageSize(); got != tc.want {
			t.Errorf("%+v.pageSize() = %d, want %d", tc.opts, got, tc.want)
		}
	}
}

func TestServerWait(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		headers map[string]string
		want    time.Duration
		ok      bool
	}{
		{"none", nil, 0, false},
		{"retry-after seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second, true},
		{"retry-after date", map[string]string{"Retry-After": now.Add(7 * time.Second).Format(http.TimeFormat)}, 7 * time.Second, true},
		{"retry-after wins", map[string]string{"Retry-After": "2", "X-RateLimit-Reset": "9"}, 2 * time.Second, true},
		{"reset seconds", map[string]string{"X-RateLimit-Reset": "4"}, 4 * time.Second, true},
		{"reset fraction", map[string]string{"X-RateLimit-Reset": "0.25"}, 250 * time.Millisecond, true},
		{"reset unix time", map[string]string{"X-RateLimit-Reset": "1795305605"}, 5 * time.Second, true},
		{"reset in the past", map[string]string{"X-RateLimit-Reset": "1795305500"}, 0, true},
		{"capped", map[string]string{"Retry-After": "86400"}, maxServerWait, true},
		{"garbage", map[string]string{"Retry-After": "soon", "X-RateLimit-Reset": "later"}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.headers {
				h.Set(k, v)
			}
			got, ok := serverWait(h, now)
			if got != tc.want || ok != tc.ok {
				t.Errorf("serverWait = %s, %v; want %s, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestBackoffIsExponentialWithJitterAndBounded(t *testing.T) {
	minWait, maxWait := 100*time.Millisecond, 2*time.Second
	for attempt := range 8 {
		step := min(minWait<<attempt, maxWait)
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(minWait, maxWait, attempt, nil)
			if d < step/2 || d > step {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, d, step/2, step)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("attempt %d: only %d distinct waits in 200 tries: no jitter", attempt, len(seen))
		}
	}
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}
	if d := backoff(minWait, maxWait, 0, resp); d != time.Second {
		t.Errorf("429 with Retry-After: 1 waited %s, want 1s", d)
	}
	resp.StatusCode = http.StatusInternalServerError
	if d := backoff(minWait, maxWait, 0, resp); d > minWait {
		t.Errorf("a 500 honoured Retry-After (%s); only 429 and 503 carry it", d)
	}
}

func TestDecodePageShape(t *testing.T) {
	// The decoder's own errors are asserted by type, never by wording: go-json-experiment
	// words them "cannot" or "unable to" at random, per process, so that nobody does.
	semantic := func(err error) bool { return errors.As(err, new(*jsonv2.SemanticError)) }
	syntactic := func(err error) bool { return errors.As(err, new(*jsontext.SyntacticError)) }
	eof := func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }
	for _, tc := range []struct {
		name, body, wantErr string
		is                  func(error) bool // what the decoder's error is, when it is not ours
		items               int
		next                string
	}{
		{"empty last page", `{"items":[],"meta":{"key":"items","pageSize":0}}`, "", nil, 0, ""},
		{"page with token", `{"items":[{"id":"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2"}],"meta":{"key":"items","pageSize":1,"nextToken":"a+b/c="}}`, "", nil, 1, "a+b/c="},
		{"items missing", `{"meta":{"key":"items","pageSize":0}}`, `"items" list is missing`, nil, 0, ""},
		{"items null", `{"items":null,"meta":{"key":"items","pageSize":0}}`, `"items" list is missing`, nil, 0, ""},
		{"items not a list", `{"items":{},"meta":{"key":"items","pageSize":0}}`, "", semantic, 0, ""},
		{"meta missing", `{"items":[]}`, `"meta" object is missing`, nil, 0, ""},
		{"item without id", `{"items":[{"name":"x"}],"meta":{"key":"items","pageSize":1}}`, "item 0 has no id", nil, 0, ""},
		{"not json", `<html>Bad Gateway</html>`, "", syntactic, 0, ""},
		{"truncated", `{"items":[{"id":"conv_conv`, "", eof, 0, ""},
		{"empty", ``, "", eof, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var page Page
			err := decodePage([]byte(tc.body), &page)
			switch {
			case tc.is != nil:
				if !tc.is(err) {
					t.Fatalf("err = %v (%T)", err, err)
				}
				return
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != tc.items || page.Meta.NextToken != tc.next {
				t.Errorf("got %d items, next %q; want %d, %q", len(page.Items), page.Meta.NextToken, tc.items, tc.next)
			}
		})
	}
}

// Decoding keeps what the API means: null stays nil and [] stays empty (Terraform shows
// them apart), absent text stays absent, invalid UTF-8 is replaced rather than failing the
// page (Terraform strings must be UTF-8), and a repeated member is tolerated.
func TestDecodeKeepsNullsAndEmptyLists(t *testing.T) {
	body := []byte(`{"items":[{"id":"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2","accountId":null,"name":"caf\xe9",` +
		`"channels":[],"channelIds":null,"participants":[{"id":"p","name":null,"type":"CUSTOMER","addressValues":[]}],` +
		`"status":"ACTIVE","status":"CLOSED"}],"meta":{"key":"items","pageSize":1}}`)
	body = []byte(strings.Replace(string(body), `\xe9`, "\xe9", 1))
	var page Page
	if err := decodePage(body, &page); err != nil {
		t.Fatal(err)
	}
	c := page.Items[0]
	switch {
	case c.AccountID != nil:
		t.Error("accountId null did not stay nil")
	case c.Name == nil || *c.Name != "caf\uFFFD":
		t.Errorf("name %q: invalid UTF-8 not replaced", derefString(c.Name))
	case c.Channels == nil || len(c.Channels) != 0:
		t.Errorf("channels [] became %#v", c.Channels)
	case c.ChannelIDs != nil:
		t.Errorf("channelIds null became %#v", c.ChannelIDs)
	case c.IntelligenceConfigurationIDs != nil:
		t.Error("an absent list is not nil")
	case c.Participants[0].Name != nil || c.Participants[0].AddressValues == nil:
		t.Errorf("participant %+v", c.Participants[0])
	case c.Status != "CLOSED":
		t.Errorf("status %q, want the last of the repeated members", c.Status)
	}
	var conv Conversation
	if err := decodeConversation([]byte(`{"id":"x","communications":[{"id":"c","content":{}},{"id":"d","content":{"text":""}}]}`), &conv); err != nil {
		t.Fatal(err)
	}
	if conv.Communications[0].Content.Text != nil || conv.Communications[1].Content.Text == nil {
		t.Errorf("absent and empty text are not told apart: %+v", conv.Communications)
	}
}

func derefString(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("é", 300)
	got := excerpt([]byte(long))
	if !strings.HasSuffix(got, "…") || len([]rune(got)) > 201 {
		t.Errorf("excerpt of a long body = %d runes %q", len([]rune(got)), got)
	}
	if got := excerpt([]byte("<html>\n  <body>Bad\tGateway</body>\n</html>")); got != "<html> <body>Bad Gateway</body> </html>" {
		t.Errorf("excerpt = %q", got)
	}
	if got := excerpt([]byte{0xff, 'o', 'k'}); got != "ok" {
		t.Errorf("excerpt of invalid UTF-8 = %q", got)
	}
}

func TestValidateConversationID(t *testing.T) {
	valid := "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2"
	if err := ValidateConversationID(valid); err != nil {
		t.Errorf("%s: %v", valid, err)
	}
	for _, id := range []string{
		"", "conv_conversation_", "conv_conversation_81k1etk2y5f1y9fpe2epfdtvv2",
		"conv_conversation_01K1ETK2Y5F1Y9FPE2EPFDTVV2", "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv", // 24 chars
		"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv22", " conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2",
		"conv_conversation_01k1etk2y5f1y9fpe2epfd/../", "conv_conversation_01k1etk2y5f1y9fpe2epf%2Fvv2",
		"conv_conversation_01k1etk2y5f1y9fpe2epfdtvé", "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2\n",
		"../conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2",
	} {
		if err := ValidateConversationID(id); err == nil {
			t.Errorf("%q accepted", id)
		}
	}
}

func TestAPIErrorIsNotFound(t *testing.T) {
	var err error = &APIError{StatusCode: 404}
	if !errors.Is(err, ErrNotFound) {
		t.Error("404 is not ErrNotFound")
	}
	if errors.Is(&APIError{StatusCode: 400}, ErrNotFound) {
		t.Error("400 is ErrNotFound")
	}
}
