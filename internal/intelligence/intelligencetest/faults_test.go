package intelligencetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// targets are a list page and a fetch of each collection: faults apply to every list
// (ListEndpoint) and every fetch (GetEndpoint).
func targets(s *Server) map[Endpoint][]string {
	return map[Endpoint][]string{
		ListEndpoint: {convsPath + "?pageSize=3", resultsPath + "?pageSize=3", opsPath, versionsPath(op1), configsPath},
		GetEndpoint: {convsPath + "/" + s.Conversations()[0].ID, resultsPath + "/" + s.OperatorResults()[0].ID,
			opsPath + "/" + op1, versionsPath(op1) + "/1", configsPath + "/" + ic0},
	}
}

// TestFaultResponses: each fault that changes the answer, once, on every endpoint it
// applies to; the v1 error bodies conform to the spec. The client's fault matrix and the
// provider's acceptance tests play them all, FaultConnectionReset included, end to end.
func TestFaultResponses(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	spec := specChecker{t, s, specRouter(t, s)}
	prefix := func(p string) func([]byte) bool { return func(b []byte) bool { return bytes.HasPrefix(b, []byte(p)) } }
	for _, tt := range []struct {
		fault  Fault
		status int
		header map[string]string // "" for a header that must be absent
		body   func([]byte) bool // nil for the v1 error body
	}{
		{Fault{Kind: FaultRateLimit, RetryAfter: "3"}, 429, map[string]string{"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1", "Retry-After": "3"}, nil},
		{Fault{Kind: FaultRateLimit, RateLimitReset: "7"}, 429, map[string]string{"X-RateLimit-Reset": "7", "Retry-After": ""}, nil},
		{Fault{Kind: FaultStatus}, 500, nil, nil},
		{Fault{Kind: FaultErrorBody}, 400, nil, nil},
		{Fault{Kind: FaultErrorBody, Status: 403}, 403, nil, nil},
		{Fault{Kind: FaultHTML}, 502, map[string]string{"Content-Type": "text/html"}, prefix("<html>")},
		{Fault{Kind: FaultMalformedJSON}, 200, nil, func(b []byte) bool { return len(b) > 0 && !json.Valid(b) }},
		{Fault{Kind: FaultEmptyBody}, 200, nil, func(b []byte) bool { return len(b) == 0 }},
		{Fault{Kind: FaultTruncatedJSON}, 200, nil, func(b []byte) bool { return len(b) > 10 && !json.Valid(b) }}, // read whole: Content-Length matches
		{Fault{Kind: FaultMissingItems, Endpoint: ListEndpoint}, 200, nil, prefix(`{"meta":{"key":"items","pageSize":`)},
		{Fault{Kind: FaultItemsNotList}, 200, nil, prefix(`{"items":{},"meta":{"key":"items","pageSize":`)},
	} {
		for ep, all := range targets(s) {
			for _, target := range all {
				if tt.fault.Kind.listOnly() && ep == GetEndpoint {
					continue
				}
				var res reply
				if s.Inject(tt.fault); tt.body == nil {
					res, _ = spec.do(http.MethodGet, target, apiKey)
					apiErr(t, res, tt.status)
				} else if res = get(t, s, target); res.status != tt.status || !tt.body(res.body) {
					t.Errorf("%v %s: status %d, body %q", tt.fault.Kind, target, res.status, res.body)
				}
				for k, v := range tt.header {
					if res.header.Get(k) != v {
						t.Errorf("%v %s: %s %q, want %q", tt.fault.Kind, target, k, res.header.Get(k), v)
					}
				}
			}
		}
	}
}

// TestDelays: latency and FaultSlow delay answers, but neither outlives its client nor
// holds Close up; a delayed request the server closes on gets a 503.
func TestDelays(t *testing.T) {
	s := newServer(t, Options{Conversations: 5, Latency: 80 * time.Millisecond})
	if start, res := time.Now(), do(t, s, http.MethodGet, convsPath, nil); res.status != 401 || time.Since(start) < 80*time.Millisecond {
		t.Errorf("latency: %d after %v (even a 401 waits)", res.status, time.Since(start))
	}
	s.SetLatency(0)
	s.Inject(Fault{Kind: FaultSlow, Delay: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := send(ctx, s, http.MethodGet, convsPath, apiKey); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v, want the client's deadline", err)
	}
	within(t, 5*time.Second, s.Close) // not waiting for the slow response whose client is gone

	h := NewHandler(Options{Conversations: 1, Latency: time.Hour})
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, convsPath, nil)
	req.SetBasicAuth(TestAPIKey, TestAPISecret)
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	h.ServeHTTP(httptest.NewRecorder(), req.WithContext(gone))
	if got := h.Requests(); len(got) != 1 || got[0].Status != 0 {
		t.Errorf("a request whose client left is logged as %+v", got)
	}
	rec := httptest.NewRecorder()
	go h.Close()
	within(t, 5*time.Second, func() { h.ServeHTTP(rec, req) })
	apiErr(t, reply{rec.Code, rec.Header(), rec.Body.Bytes()}, http.StatusServiceUnavailable)
}

// within fails the test unless f returns within d.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("not done within %v", d)
	}
}

func TestPagingFaults(t *testing.T) {
	s := newServer(t, Options{Conversations: 10})
	all, _ := served(s)
	pages := func(path string, size, maxPages int) ([][]string, string) {
		pages, next, err := walk(t.Context(), s, path, vals("pageSize", strconv.Itoa(size)), maxPages)
		if err != nil {
			t.Fatal(err)
		}
		return pages, next
	}
	s.Inject(Fault{Kind: FaultRepeatToken}) // the first page carries no token: the second gets it
	if got, next := pages(convsPath, 3, 10); len(got) != 2 || next == "" {
		t.Errorf("FaultRepeatToken: pages %v: want page 1, then page 2 with its own token", got)
	}
	s.Inject(Fault{Kind: FaultEmptyPageWithToken, After: 1, Times: 3})
	if got, _ := pages(resultsPath, 2, 50); len(got) < 6 || len(got[1])+len(got[2])+len(got[3]) != 0 || !slices.Equal(slices.Concat(got...), all[resultsPath]) {
		t.Errorf("FaultEmptyPageWithToken: pages %v: want a page, three empty ones with fresh tokens, then the rest", got)
	}
	s.Inject(Fault{Kind: FaultEmptyPageWithToken, Times: -1})
	if got, next := pages(configsPath, 4, 20); len(got) != 20 || next == "" || len(slices.Concat(got...)) != 0 {
		t.Errorf("FaultEmptyPageWithToken forever: %d pages, %d items", len(got), len(slices.Concat(got...)))
	}
	s = newServer(t, Options{Conversations: 10})
	s.Inject(Fault{Kind: FaultDuplicateItems})
	got, _ := pages(convsPath, 4, 10)
	if ids := slices.Concat(got...); len(got[1]) != 4 || !slices.Equal(got[1][:2], got[0][2:]) || !slices.Equal(slices.Concat(ids[:4], ids[6:]), all[convsPath]) {
		t.Errorf("FaultDuplicateItems: pages %v: page 2 should open with page 1's last two items", got)
	}
	for _, size := range []int{1, 2} { // pageSize-1 items repeated at most: a page is never longer than pageSize
		s = newServer(t, Options{Conversations: 10})
		s.Inject(Fault{Kind: FaultDuplicateItems, Times: -1})
		got, _ := pages(convsPath, size, 30)
		for i, page := range got {
			if len(page) > size || size == 2 && i > 0 && page[0] != got[i-1][len(got[i-1])-1] ||
				!slices.Equal(slices.Compact(slices.Concat(got...)), all[convsPath]) {
				t.Errorf("FaultDuplicateItems, pageSize %d: pages %v", size, got)
				break
			}
		}
	}
}

// TestFaultScheduling: After, Times, injection order, endpoints and list-only kinds; only
// authorized, valid requests to endpoints count, a 404 for an unknown id included.
func TestFaultScheduling(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	all := targets(s)
	statuses := func(n int, targets ...string) string {
		var out []string
		for i := range n {
			out = append(out, strconv.Itoa(do(t, s, http.MethodGet, targets[i%len(targets)], apiKey).status))
		}
		return strings.Join(out, " ")
	}
	s.Inject(Fault{Kind: FaultStatus, Status: 503, After: 1, Times: 2})
	s.Inject(Fault{Kind: FaultStatus, Status: 502, Times: 2})
	s.Inject(Fault{Kind: FaultRateLimit})
	if got := statuses(7, all[ListEndpoint]...); got != "200 503 503 502 502 429 200" {
		t.Errorf("After, Times and injection order: %v", got)
	}
	s.Inject(Fault{Kind: FaultStatus, Endpoint: GetEndpoint, Times: -1})
	s.Inject(Fault{Kind: FaultMissingItems}) // list-only, so AnyEndpoint means lists
	if got := statuses(5, all[GetEndpoint]...) + " " + statuses(2, configsPath); got != "500 500 500 500 500 200 200" ||
		!bytes.HasPrefix(get(t, s, opsPath).body, []byte(`{"items":`)) {
		t.Errorf("fetches forever, one list page without items: %v", got)
	}
	s = newServer(t, Options{Conversations: 5})
	s.Inject(Fault{Kind: FaultStatus, Status: 503})
	do(t, s, http.MethodGet, convsPath, nil)
	for _, target := range []string{convsPath + "?pageSize=0", "/v3/Unknown", versionsPath(op0) + "/x", versionsPath(unknownOp)} {
		get(t, s, target)
	}
	if got := ids(s.Requests(), func(r Request) string { return strconv.Itoa(r.Status) }); strings.Join(got, " ") != "401 400 404 400 503" {
		t.Errorf("statuses %v", got)
	}
	fs := map[string]func(){}
	for name, f := range map[string]Fault{
		"unknown kind": {Kind: 99}, "zero kind": {}, "list-only on get": {Kind: FaultItemsNotList, Endpoint: GetEndpoint},
		"unknown endpoint": {Kind: FaultStatus, Endpoint: 7}, "4xx for FaultStatus": {Kind: FaultStatus, Status: 404},
		"2xx for ErrorBody": {Kind: FaultErrorBody, Status: 200}, "3xx for HTML": {Kind: FaultHTML, Status: 302},
		"negative After": {Kind: FaultStatus, After: -1}, "Times below -1": {Kind: FaultStatus, Times: -2},
	} {
		fs["Inject refuses "+name] = func() { s.Inject(f) }
	}
	mustPanic(t, fs)
}
