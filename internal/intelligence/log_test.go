package intelligence_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	it "github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// Every request and retry is logged at debug level, and no log line carries the secret,
// the Authorization header or its base64 payload, even when a server echoes them.
func TestDebugLogsRedactSecrets(t *testing.T) {
	srv := newServer(t, 1500)
	srv.Inject(it.Fault{Kind: it.FaultRateLimit, RetryAfter: "0", After: 1})
	srv.Inject(it.Fault{Kind: it.FaultConnectionReset, After: 1})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c := newClient(t, srv.URL(), func(cfg *intelligence.Config) {
		cfg.Username, cfg.Password = it.TestAPIKey, it.TestAPISecret
	})
	if _, err := c.ListConversations(ctx, intelligence.ConversationFilter{Channels: []string{"VOICE", "SMS"}}, intelligence.ListOptions{PageSize: 100}); err != nil {
		t.Fatal(err)
	}
	// A request that fails also logs its error.
	if _, err := c.GetConversation(ctx, "conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz"); err == nil {
		t.Fatal("want a 404")
	}
	out := logs.String()
	payload := base64.StdEncoding.EncodeToString([]byte(it.TestAPIKey + ":" + it.TestAPISecret))
	for _, secret := range []string{it.TestAPISecret, payload, "Basic " + payload} {
		if strings.Contains(out, secret) {
			t.Errorf("the logs contain %q", secret)
		}
	}
	for _, want := range []string{
		`"Authorization":"[REDACTED]"`,                 // the header is logged, redacted
		"Sending HTTP request to the Intelligence API", // each attempt
		"Received HTTP response from the Intelligence API",
		`"tf_http_res_status_code":429`, // the retried attempt
		`"tf_http_res_status_code":404`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the logs lack %s", want)
		}
	}
	if got := strings.Count(out, "Sending HTTP request"); got < 6 {
		t.Errorf("%d requests logged, want every attempt (at least 6)", got)
	}
	if strings.Contains(out, "¿") || strings.Contains(out, "communications") {
		t.Error("a response body reached the logs")
	}
	if n := retryLibraryLines(t, &logs); n == 0 {
		t.Error("go-retryablehttp's own lines did not reach the logs, so they were not checked")
	}
}

// retryLibraryLines counts the log lines that go-retryablehttp wrote through retryLogger:
// those without the transport's tf_http_op_type (its wording is its own and may change).
func retryLibraryLines(t *testing.T, logs *bytes.Buffer) int {
	t.Helper()
	entries, err := tflogtest.MultilineJSONDecode(logs)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e["tf_http_op_type"] == nil {
			n++
		}
	}
	return n
}

// Errors never carry credentials either.
func TestErrorsDoNotCarrySecrets(t *testing.T) {
	srv := newServer(t, 5)
	for _, f := range []it.Fault{
		{Kind: it.FaultErrorBody, Status: 401}, {Kind: it.FaultHTML, Status: 502, Times: -1},
		{Kind: it.FaultMalformedJSON}, {Kind: it.FaultConnectionReset, Times: -1},
	} {
		srv.Inject(f)
		_, err := newClient(t, srv.URL()).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{})
		if err == nil {
			t.Fatalf("%v: no error", f.Kind)
		}
		msg := err.Error()
		payload := base64.StdEncoding.EncodeToString([]byte(it.TestAccountSID + ":" + it.TestAuthToken))
		if strings.Contains(msg, it.TestAuthToken) || strings.Contains(msg, payload) {
			t.Errorf("%v: the error carries a secret: %s", f.Kind, msg)
		}
	}
}

// plantedFilter is a filter whose every value is new to this run, so that finding one in
// a log or an error can only mean it leaked there.
func plantedFilter() (intelligence.ConversationFilter, []string) {
	id := func(prefix string) string { return prefix + "7" + strings.ToLower(rand.Text())[:25] }
	sid := make([]byte, 16)
	_, _ = rand.Read(sid)
	f := intelligence.ConversationFilter{
		ChannelID:                    "CA" + hex.EncodeToString(sid),
		ConversationConfigurationID:  id("conv_configuration_"),
		IntelligenceConfigurationIDs: []string{id("intelligence_configuration_"), id("intelligence_configuration_")},
		OperatorIDs:                  []string{id("intelligence_operator_")},
	}
	values := append([]string{f.ChannelID, f.ConversationConfigurationID}, append(f.IntelligenceConfigurationIDs, f.OperatorIDs...)...)
	return f, values
}

// No log line carries a query value: neither the filters (a Call SID, configuration and
// operator ids) nor the page tokens, in the transport's lines or in go-retryablehttp's,
// which name the URL and quote errors. Each response line pairs with its request line
// through tf_http_trans_id.
func TestDebugLogsCarryNoQueryValues(t *testing.T) {
	srv := newServer(t, 1500)
	srv.Inject(it.Fault{Kind: it.FaultRateLimit, RetryAfter: "0"})
	srv.Inject(it.Fault{Kind: it.FaultConnectionReset})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c := newClient(t, srv.URL())
	filter, planted := plantedFilter()
	if _, err := c.ListConversations(ctx, filter, intelligence.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListConversations(ctx, intelligence.ConversationFilter{}, intelligence.ListOptions{PageSize: 100}); err != nil {
		t.Fatal(err)
	}
	id := srv.Conversations()[0].ID
	if _, err := c.GetConversation(ctx, id); err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for _, r := range srv.Requests() {
		if tok := r.Query.Get("pageToken"); tok != "" {
			tokens = append(tokens, tok, url.QueryEscape(tok)) // as sent, and as a URL carries it
		}
	}
	if len(tokens) < 2*14 {
		t.Fatalf("%d page tokens sent, want the 14 of 15 pages", len(tokens)/2)
	}
	out := logs.String()
	for _, v := range append(planted, tokens...) {
		if strings.Contains(out, v) {
			t.Errorf("query value %q found in the logs", v)
		}
	}

	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	requests := map[any]any{} // tf_http_trans_id -> tf_http_req_uri
	var responses, retryLines int
	var uris []string
	for _, e := range entries {
		switch e["tf_http_op_type"] {
		case "request":
			if _, dup := requests[e["tf_http_trans_id"]]; dup || e["tf_http_trans_id"] == nil {
				t.Errorf("request line without a transaction id of its own: %v", e)
			}
			requests[e["tf_http_trans_id"]] = e["tf_http_req_uri"]
			uri, _ := e["tf_http_req_uri"].(string)
			uris = append(uris, uri)
		case "response":
			responses++
			if uri, ok := requests[e["tf_http_trans_id"]]; !ok || uri != e["tf_http_req_uri"] {
				t.Errorf("response line pairs with no request line: %v", e)
			}
		case nil: // go-retryablehttp's own line, through retryLogger
			retryLines++
		}
	}
	if responses != len(requests) || retryLines < 3 {
		t.Errorf("%d request lines, %d response lines, %d retry lines: want a response per request and the retries logged",
			len(requests), responses, retryLines)
	}
	// The URI says where each request went: the path (ids in the path stay, see redactURL)
	// and the parameter names, with *** for every value.
	joined := strings.Join(uris, "\n")
	for _, want := range []string{
		srv.URL() + "/v3/Conversations?", "channelId=***", "operatorIds=***", "pageToken=***", "pageSize=***",
		srv.URL() + "/v3/Conversations/" + id + "\n",
	} {
		if !strings.Contains(joined+"\n", want) {
			t.Errorf("no request URI has %s:\n%s", want, joined)
		}
	}
}

// An API that cannot be reached gives an error that says where the request went but
// carries no query value, although net/http's own error quotes the whole URL; the lines
// logged while retrying carry none either.
func TestUnreachableAPIErrorCarriesNoQueryValue(t *testing.T) {
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	filter, planted := plantedFilter()
	_, err = newClient(t, base, func(cfg *intelligence.Config) { cfg.MaxRetries = 1 }).
		ListConversations(ctx, filter, intelligence.ListOptions{})
	var reqErr *intelligence.RequestError
	var urlErr *url.Error
	if !errors.As(err, &reqErr) || !errors.As(err, &urlErr) || reqErr.Attempts != 2 {
		t.Fatalf("err = %v, want a *RequestError after 2 attempts wrapping a *url.Error", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, base+"/v3/Conversations") {
		t.Errorf("the error does not say where the request went: %s", msg)
	}
	for _, v := range planted {
		for where, text := range map[string]string{"error": msg, "logs": logs.String()} {
			if strings.Contains(text, v) {
				t.Errorf("query value %q found in the %s: %s", v, where, text)
			}
		}
	}
}
