package intelligencetest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRequestLog(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	start := time.Now()
	get(t, s, "/v3/Conversations?channels=VOICE&channels=SMS&pageSize=2")
	do(t, s, http.MethodGet, "/v3/Conversations?status=CLOSED", &Credential{TestAccountSID, "wrong-token"})
	get(t, s, "/v3/Conversations/conv%2Fx")

	reqs := s.Requests()
	if len(reqs) != 3 || s.RequestCount() != 3 {
		t.Fatalf("%d requests logged, count %d", len(reqs), s.RequestCount())
	}
	first := reqs[0]
	if first.Method != "GET" || first.Path != "/v3/Conversations" || first.Status != 200 || !first.Authorized ||
		!slices.Equal(first.Query["channels"], []string{"VOICE", "SMS"}) ||
		first.RawQuery != "channels=VOICE&channels=SMS&pageSize=2" || first.Time.Before(start) {
		t.Errorf("first request %+v", first)
	}
	if r := reqs[1]; r.Status != 401 || r.Authorized || r.Query.Get("status") != "CLOSED" {
		t.Errorf("unauthorized request %+v", r)
	}
	if r := reqs[2]; r.Path != "/v3/Conversations/conv%2Fx" || r.Status != 400 {
		t.Errorf("escaped path %+v", r)
	}

	// The log is a copy, and it holds no credentials at all.
	reqs[0].Query.Set("channels", "changed")
	if s.Requests()[0].Query.Get("channels") != "VOICE" {
		t.Error("mutating Requests() changed the log")
	}
	logged, _ := json.Marshal(s.Requests())
	for _, secret := range []string{TestAPISecret, TestAuthToken, "wrong-token", "Basic "} {
		if strings.Contains(string(logged), secret) {
			t.Errorf("the request log contains %q", secret)
		}
	}

	s.ResetRequests()
	if s.RequestCount() != 0 || len(s.Requests()) != 0 {
		t.Error("ResetRequests left entries")
	}
}

// TestCloseAnswersDelayedRequests: a request waiting out its latency when the server
// closes gets a 503 at once, not an empty 200 and not an hour's wait.
func TestCloseAnswersDelayedRequests(t *testing.T) {
	s := NewHandler(Options{Conversations: 1, Latency: time.Hour})
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/v3/Conversations", nil)
	req.SetBasicAuth(TestAPIKey, TestAPISecret)
	rec := httptest.NewRecorder()
	served := make(chan struct{})
	go func() { s.ServeHTTP(rec, req); close(served) }()
	s.Close()
	select {
	case <-served:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the delayed request")
	}
	apiErr(t, result{rec.Code, rec.Header(), rec.Body.Bytes()}, http.StatusServiceUnavailable)
}
