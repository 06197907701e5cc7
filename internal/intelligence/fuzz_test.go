package intelligence

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The seeds below run with every `go test`; `make fuzz` explores from them.

func FuzzDecodePage(f *testing.F) {
	f.Add([]byte(`{"items":[],"meta":{"key":"items","pageSize":0}}`))
	f.Add([]byte(`{"items":[{"id":"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2","accountId":null,"name":"x","participants":[{"id":"p","name":null,"addressValues":[]}]}],"meta":{"key":"items","pageSize":1,"nextToken":"a+b/c=&?"}}`))
	f.Add([]byte(`{"meta":{}}`))
	f.Add([]byte(`{"items":{},"meta":{}}`))
	f.Add([]byte(`{"items":[null],"meta":{}}`))
	f.Add([]byte(`<html>502</html>`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		var page Page[Conversation]
		page.Items = make([]Conversation, 3, 8) // reused slices must not leak old items
		page.Items[0].ID = "stale"
		err := decodePage[Conversation](body, &page)
		if err != nil {
			return
		}
		for i, c := range page.Items {
			if c.ID == "" || c.ID == "stale" && !bytes.Contains(body, []byte("stale")) {
				t.Fatalf("item %d has id %q after a successful decode", i, c.ID)
			}
		}
		var again Page[Conversation]
		if err := decodePage[Conversation](body, &again); err != nil || len(again.Items) != len(page.Items) || again.Meta != page.Meta {
			t.Fatalf("decoding into a fresh page differs: %v", err)
		}
	})
}

func FuzzDecodeConversation(f *testing.F) {
	f.Add([]byte(`{"id":"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2","communications":[{"id":"c","participantId":"p","content":{},"createdAt":"x"}]}`))
	f.Add([]byte(`{"id":""}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var c Conversation
		if err := decodeItem[Conversation](body, &c); err == nil && c.ID == "" {
			t.Fatal("a conversation without an id was accepted")
		}
	})
}

func FuzzErrorBody(f *testing.F) {
	f.Add(400, []byte(`{"code":20001,"message":"Invalid pageSize","httpStatusCode":400,"userError":true,"params":{"parameter":"pageSize"}}`))
	f.Add(502, []byte("<html><body>Bad Gateway</body></html>"))
	f.Add(429, []byte(`{"code":"not a number"}`))
	f.Add(500, []byte{0xff, 0xfe, '{'})
	f.Add(301, []byte(``))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 300 || status > 599 {
			return
		}
		req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/v3/Conversations"}}
		resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		e := newAPIError(req, resp)
		msg := e.Error()
		if e.StatusCode != status || !strings.Contains(msg, "HTTP") {
			t.Fatalf("status %d lost: %q", status, msg)
		}
		if !utf8.ValidString(e.Body) || len(e.Body) > 300 || strings.ContainsAny(e.Body, "\n\r\t") {
			t.Fatalf("body excerpt not one short line of UTF-8: %q", e.Body)
		}
	})
}

func FuzzValidateConversationID(f *testing.F) {
	for _, id := range []string{"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2", "conv_conversation_81k1etk2y5f1y9fpe2epfdtvv2",
		"conv_conversation_01k1etk2y5f1y9fpe2epfd/../", "conv_conversation_01k1etk2y5f1y9fpe2ep%2F", "", "conv_conversation_01k1etk2y5f1y9fpe2epfdtvé"} {
		f.Add(id)
	}
	const prefix = "conv_conversation_"
	f.Fuzz(func(t *testing.T, id string) {
		// An independent statement of the pattern ^conv_conversation_[0-7][0-9a-z]{25}$.
		want := len(id) == len(prefix)+26 && strings.HasPrefix(id, prefix) && id[len(prefix)] >= '0' && id[len(prefix)] <= '7'
		for i := len(prefix) + 1; want && i < len(id); i++ {
			c := id[i]
			want = c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
		}
		err := ValidateConversationID(id)
		if (err == nil) != want {
			t.Fatalf("ValidateConversationID(%q) = %v, want valid=%v", id, err, want)
		}
		if err == nil && url.PathEscape(id) != id {
			t.Fatalf("a valid id %q needs escaping in a path", id)
		}
	})
}

func FuzzPageURL(f *testing.F) {
	f.Add("ACTIVE", "CA123", "VOICE", "a+b/c=&d?e#f g%", int64(0), 50)
	f.Add("", "", "", "", int64(1767225600), 1000)
	f.Add("CLOSED", "x&y=z", "SMS", "🙂\x00", int64(-1), 1)
	f.Fuzz(func(t *testing.T, status, channelID, channel, token string, unix int64, size int) {
		if size < 1 || size > MaxPageSize {
			return
		}
		filter := ConversationFilter{Status: status, ChannelID: channelID}
		if channel != "" {
			filter.Channels = []string{channel, "EMAIL"}
		}
		if unix > 0 && unix < 1<<40 {
			filter.CreatedAtAfter = time.Unix(unix, 0)
		}
		base, _ := url.Parse("https://intelligence.twilio.com/prefix")
		l, err := newListing[Conversation](&Client{base: base}, conversationsPath, filter.Values(), ListOptions{PageSize: size})
		if err != nil {
			t.Fatal(err)
		}
		s := l.stream(l.query)
		first, next := s.pageURL(""), s.pageURL(token)
		if next.Path != "/prefix/v3/Conversations" || next.Host != base.Host {
			t.Fatalf("page URL %s left the endpoint", next)
		}
		got, err := url.ParseQuery(next.RawQuery)
		if err != nil {
			t.Fatalf("unparseable query %q: %v", next.RawQuery, err)
		}
		if token != "" && (len(got["pageToken"]) != 1 || got.Get("pageToken") != token) {
			t.Fatalf("token %q came back as %q from %q", token, got["pageToken"], next.RawQuery)
		}
		got.Del("pageToken")
		if want, _ := url.ParseQuery(first.RawQuery); got.Encode() != want.Encode() {
			t.Fatalf("the next page's filters %q differ from the first page's %q", got.Encode(), want.Encode())
		}
		want := filter.Values()
		want.Set("pageSize", strconv.Itoa(size))
		if got.Encode() != want.Encode() {
			t.Fatalf("query %q does not round-trip %q", got.Encode(), want.Encode())
		}
	})
}

// Whenever the scan claims to know a body's next token, a full decode agrees. A body that
// repeats a member is left out: decodePage tolerates it by merging, so the two may differ,
// and the stream then follows the decoder (pageStream.accept).
func FuzzScanNextToken(f *testing.F) {
	f.Add([]byte(`{"items":[{"id":"a"}],"meta":{"key":"items","pageSize":1,"nextToken":"a+b/c="}}`))
	f.Add([]byte(`{"items":[],"meta":{"nextToken":"a\"meta\":{}}"}}`))
	f.Add([]byte(`{"meta":{"nextToken":"x"},"items":[{"id":"a","r":{"meta":{"nextToken":"y"}}}]}`))
	f.Add([]byte(`{"items":[],"a\"meta":{"nextToken":"y"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		token, ok := scanNextToken(body)
		if !ok {
			return
		}
		var page struct {
			Meta *PageMeta `json:"meta"`
		}
		if jsonv2.Unmarshal(body, &page, jsontext.AllowInvalidUTF8(true)) != nil || page.Meta == nil {
			return
		}
		if page.Meta.NextToken != token {
			t.Fatalf("the scan read token %q, the decoder %q", token, page.Meta.NextToken)
		}
	})
}
