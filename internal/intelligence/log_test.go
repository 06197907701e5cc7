package intelligence_test

import (
	"bytes"
	"context"
	"encoding/base64"
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
		`"http.status_code":429`, // the retried attempt
		"retrying request",       // go-retryablehttp's own line, through tflog
		`"http.status_code":404`,
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
