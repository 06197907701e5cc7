package intelligence

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

func TestConversationFilterQuery(t *testing.T) {
	f := ConversationFilter{
		CreatedAtAfter:               time.Date(2026, 1, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600)),
		CreatedAtBefore:              time.Date(2026, 1, 15, 0, 0, 0, 500_000_000, time.UTC),
		Status:                       "CLOSED",
		ChannelID:                    "CA123",
		Channels:                     []string{"VOICE", "SMS"},
		ConversationConfigurationID:  "conv_configuration_00000000000000000000000000",
		IntelligenceConfigurationIDs: []string{"intelligence_configuration_01k6fc25s7epm9qtk8rszbv3q5"},
		OperatorIDs:                  []string{"intelligence_operator_01k6fc25s7epm9qtk8rszbv3q5", "intelligence_operator_01k6fc25s7epm9qtk8rszbv3q6"},
	}
	got := f.Values().Encode()
	want := "channelId=CA123&channels=VOICE&channels=SMS" +
		"&conversationConfigurationId=conv_configuration_00000000000000000000000000" +
		"&createdAtAfter=2026-01-01T00%3A00%3A00Z&createdAtBefore=2026-01-15T00%3A00%3A00.5Z" +
		"&intelligenceConfigurationIds=intelligence_configuration_01k6fc25s7epm9qtk8rszbv3q5" +
		"&operatorIds=intelligence_operator_01k6fc25s7epm9qtk8rszbv3q5&operatorIds=intelligence_operator_01k6fc25s7epm9qtk8rszbv3q6" +
		"&status=CLOSED"
	if got != want {
		t.Errorf("query\n got %s\nwant %s", got, want)
	}
	if got := (ConversationFilter{}).Values().Encode(); got != "" {
		t.Errorf("empty filter query = %q, want nothing", got)
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

func TestDecodePageShape(t *testing.T) {
	var semantic *jsonv2.SemanticError
	var syntactic *jsontext.SyntacticError
	for _, tc := range []struct {
		name, body string
		wantErr    func(error) bool // nil: no error
		items      int
		next       string
	}{
		{"empty last page", `{"items":[],"meta":{"key":"items","pageSize":0}}`, nil, 0, ""},
		{"page with token", `{"items":[{"id":"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2"}],"meta":{"key":"items","pageSize":1,"nextToken":"a+b/c="}}`, nil, 1, "a+b/c="},
		{"items missing", `{"meta":{"key":"items","pageSize":0}}`, is(errItemsMissing), 0, ""},
		{"items null", `{"items":null,"meta":{"key":"items","pageSize":0}}`, is(errItemsMissing), 0, ""},
		{"items not a list", `{"items":{},"meta":{"key":"items","pageSize":0}}`, func(err error) bool {
			return errors.As(err, &semantic) && semantic.JSONPointer == "/items"
		}, 0, ""},
		{"meta missing", `{"items":[]}`, is(errMetaMissing), 0, ""},
		{"item without id", `{"items":[{"name":"x"}],"meta":{"key":"items","pageSize":1}}`, is(errNoKey), 0, ""},
		{"not json", `<html>Bad Gateway</html>`, func(err error) bool { return errors.As(err, &syntactic) }, 0, ""},
		{"truncated", `{"items":[{"id":"conv_conv`, is(io.ErrUnexpectedEOF), 0, ""},
		{"empty", ``, is(io.ErrUnexpectedEOF), 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var page Page[Conversation]
			err := decodePage[Conversation](([]byte)(tc.body), &page)
			if tc.wantErr != nil {
				if err == nil || !tc.wantErr(err) {
					t.Fatalf("err = %#v, not the expected kind", err)
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

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// The token is read from the end of the body without decoding the items, and only when
// the "meta" found there is certainly the top-level one; otherwise the decoder decides.
func TestScanNextToken(t *testing.T) {
	for _, tc := range []struct {
		name, body, token string
		ok                bool
	}{
		{"last page", `{"items":[{"id":"a"}],"meta":{"key":"items","pageSize":1}}`, "", true},
		{"a token", `{"items":[{"id":"a"}],"meta":{"key":"items","pageSize":1,"nextToken":"a+b/c=&?"}}`, "a+b/c=&?", true},
		{"spaces everywhere", "{ \"items\" : [ ] , \"meta\" :\n {\"nextToken\": \"x\"} \n}\n", "x", true},
		{"escaped token", `{"items":[],"meta":{"nextToken":"a\"meta\":{}}"}}`, `a"meta":{}}`, true},
		{"meta first", `{"meta":{"nextToken":"x"},"items":[{"id":"a"}]}`, "", false},
		{"meta inside the last item", `{"meta":{"nextToken":"x"},"items":[{"id":"a","r":{"meta":{"nextToken":"y"}}}]}`, "", false},
		{"a key that ends in meta", `{"items":[],"a\"meta":{"nextToken":"y"}}`, "", false},
		{"meta not an object", `{"items":[],"meta":"x"}`, "", false},
		{"no meta", `{"items":[]}`, "", false},
		{"truncated", `{"items":[],"meta":{"nextToken":"x"`, "", false},
		{"not json", `<html>meta</html>`, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token, ok := scanNextToken([]byte(tc.body))
			if token != tc.token || ok != tc.ok {
				t.Errorf("scanNextToken = %q, %v; want %q, %v", token, ok, tc.token, tc.ok)
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
	var page Page[Conversation]
	if err := decodePage[Conversation](body, &page); err != nil {
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
	if err := decodeItem[Conversation]([]byte(`{"id":"x","communications":[{"id":"c","content":{}},{"id":"d","content":{"text":""}}]}`), &conv); err != nil {
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
