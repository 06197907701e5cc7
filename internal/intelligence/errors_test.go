package intelligence

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

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

// A body that fails to decode is quoted when something other than the API answered, and
// never when it is JSON: that may be the API's own answer, with personal data in it.
func TestDecodeErrorQuotesOnlyBodiesThatAreNotJSON(t *testing.T) {
	for _, tc := range []struct {
		body      string
		wantQuote bool
	}{
		{"<html><body>Bad Gateway</body></html>", true},
		{"Service Unavailable", true},
		{`{"items": {"name": "Jane Doe, +15550100"}, "meta": {}}`, false},
		{"\n  [\"Jane Doe, +15550100\"]", false},
	} {
		b := &body{buf: bytes.NewBufferString(tc.body), method: "GET", path: "/v3/Conversations", status: 200}
		msg := b.decodeError(errors.New("unexpected shape")).Error()
		if quoted := strings.Contains(msg, "body starts"); quoted != tc.wantQuote {
			t.Errorf("body %q: quoted = %v, want %v: %s", tc.body, quoted, tc.wantQuote, msg)
		}
		if strings.Contains(msg, "Jane Doe") {
			t.Errorf("body %q: the error repeats the body's data: %s", tc.body, msg)
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

// Errors and logs keep where a request went (scheme, host, path with its ids, parameter
// names) and never a query value, a password or a fragment.
func TestRedactURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://intelligence.twilio.com/v3/Conversations":                                  "https://intelligence.twilio.com/v3/Conversations",
		"https://h/v3/Conversations?pageSize=1000&channelId=CAsecret&pageToken=a%2Bb%3D":    "https://h/v3/Conversations?pageSize=***&channelId=***&pageToken=***",
		"https://h/v3/Conversations?operatorIds=op1&operatorIds=op2&channels%5B%5D=VOICE":   "https://h/v3/Conversations?operatorIds=***&operatorIds=***&channels[]=***",
		"https://user:pw@h/prefix/v3/Conversations/conv_conversation_01?x=secret#frag":      "https://h/prefix/v3/Conversations/conv_conversation_01?x=***",
		"http://127.0.0.1:8080/v3/ControlPlane/Operators/intelligence_operator_01/Versions": "http://127.0.0.1:8080/v3/ControlPlane/Operators/intelligence_operator_01/Versions",
		"/v3/Conversations?channelId=secret&&flag":                                          "/v3/Conversations?channelId=***&flag=***",
	} {
		if got := redactRawURL(raw); got != want {
			t.Errorf("redactRawURL(%q) = %q, want %q", raw, got, want)
		}
	}
	for text, want := range map[string]string{
		`Get "https://h/v3/Conversations?channelId=secret": dial tcp: refused`: `Get "https://h/v3/Conversations?channelId=***": dial tcp: refused`,
		"GET https://h/v3/Conversations?a=secret&b=secret (status: 429)":       "GET https://h/v3/Conversations?a=***&b=*** (status: 429)",
		"no URL here, only a ?question=secret":                                 "no URL here, only a ?question=secret",
		"bad escape https://h/p%zz?a=secret end":                               "bad escape https://h/p%zz end",
	} {
		if got := redactURLsIn(text); got != want {
			t.Errorf("redactURLsIn(%q) = %q, want %q", text, got, want)
		}
	}
}
