package intelligencetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// targets are a list page and a fetch of each collection of a seeded server: faults
// apply to every list (ListEndpoint) and every fetch (GetEndpoint).
func targets(s *Server) map[Endpoint][]string {
	op := OperatorIDs[1]
	return map[Endpoint][]string{
		ListEndpoint: {"/v3/Conversations?pageSize=3", "/v3/OperatorResults?pageSize=3", operatorsPath, versionsPath(op), configurationsPath},
		GetEndpoint: {conversationsPath + "/" + s.Conversations()[0].ID, resultsPath + "/" + s.OperatorResults()[0].ID,
			operatorsPath + "/" + op, versionsPath(op) + "/1", configurationsPath + "/" + IntelligenceConfigurationIDs[0]},
	}
}

// TestFaultResponses: each fault that answers in place of the API, on every endpoint it
// applies to. The checks say what the answer is: status, headers and body shape.
func TestFaultResponses(t *testing.T) {
	isJSON := func(res result) bool {
		return res.header.Get("Content-Type") == "application/json" && json.Valid(res.body)
	}
	v1 := func(status int) func(t *testing.T, res result) {
		return func(t *testing.T, res result) { apiErr(t, res, status) }
	}
	tests := []struct {
		fault Fault
		check func(t *testing.T, res result)
	}{
		{Fault{Kind: FaultRateLimit, RetryAfter: "3"}, func(t *testing.T, res result) {
			apiErr(t, res, http.StatusTooManyRequests)
			if h := res.header; h.Get("X-RateLimit-Limit") == "" || h.Get("X-RateLimit-Remaining") != "0" || h.Get("X-RateLimit-Reset") != "1" || h.Get("Retry-After") != "3" {
				t.Errorf("rate limit headers %v", h)
			}
		}},
		{Fault{Kind: FaultRateLimit, RateLimitReset: "7"}, func(t *testing.T, res result) {
			if _, sent := res.header["Retry-After"]; sent || res.header.Get("X-RateLimit-Reset") != "7" {
				t.Errorf("rate limit headers %v", res.header)
			}
		}},
		{Fault{Kind: FaultStatus}, v1(500)},
		{Fault{Kind: FaultStatus, Status: 503}, v1(503)},
		{Fault{Kind: FaultErrorBody}, v1(400)},
		{Fault{Kind: FaultErrorBody, Status: 403}, v1(403)},
		{Fault{Kind: FaultHTML}, func(t *testing.T, res result) {
			if res.status != 502 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") || !bytes.Contains(res.body, []byte("<html>")) {
				t.Errorf("status %d, type %q, body %q", res.status, res.header.Get("Content-Type"), res.body)
			}
		}},
		{Fault{Kind: FaultMalformedJSON}, func(t *testing.T, res result) {
			if res.status != 200 || len(res.body) == 0 || json.Valid(res.body) {
				t.Errorf("status %d, body %s", res.status, res.body)
			}
		}},
		{Fault{Kind: FaultEmptyBody}, func(t *testing.T, res result) {
			if res.status != 200 || len(res.body) != 0 {
				t.Errorf("status %d, body %q", res.status, res.body)
			}
		}},
		{Fault{Kind: FaultMissingItems, Endpoint: ListEndpoint}, func(t *testing.T, res result) {
			var raw map[string]json.RawMessage
			if !isJSON(res) || json.Unmarshal(res.body, &raw) != nil || len(raw) != 1 || raw["meta"] == nil {
				t.Errorf("body %s", res.body)
			}
		}},
		{Fault{Kind: FaultItemsNotList, Endpoint: ListEndpoint}, func(t *testing.T, res result) {
			var raw map[string]json.RawMessage
			if !isJSON(res) || json.Unmarshal(res.body, &raw) != nil || string(raw["items"]) != "{}" || raw["meta"] == nil {
				t.Errorf("body %s", res.body)
			}
		}},
	}
	s := newServer(t, Options{Conversations: 5})
	all := targets(s)
	for _, tt := range tests {
		for _, ep := range []Endpoint{ListEndpoint, GetEndpoint} {
			if ep != tt.fault.Endpoint && tt.fault.Endpoint != AnyEndpoint {
				continue
			}
			for _, target := range all[ep] {
				t.Run(tt.fault.Kind.String()+" "+target, func(t *testing.T) {
					s.Inject(tt.fault)
					tt.check(t, get(t, s, target))
					if res := get(t, s, target); res.status != 200 {
						t.Errorf("the fault did not end after one request: %d", res.status)
					}
				})
			}
		}
	}
}

func TestFaultTruncatedJSON(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	target := "/v3/OperatorResults?pageSize=3"
	full := get(t, s, target).body
	s.Inject(Fault{Kind: FaultTruncatedJSON})

	var reused []bool
	trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = append(reused, i.Reused) }}
	ctx := httptrace.WithClientTrace(t.Context(), trace)
	res, err := send(ctx, s, http.MethodGet, target, apiKey)
	if err != nil {
		t.Fatalf("the transport must see a complete response: %v", err)
	}
	if res.status != 200 || !bytes.Equal(res.body, full[:len(full)/2]) || res.header.Get("Content-Length") != strconv.Itoa(len(res.body)) {
		t.Errorf("status %d, Content-Length %s, %d of %d bytes", res.status, res.header.Get("Content-Length"), len(res.body), len(full))
	}
	if again, err := send(ctx, s, http.MethodGet, target, apiKey); err != nil || !bytes.Equal(again.body, full) {
		t.Errorf("the next response is not the full page: %v", err)
	}
	if len(reused) != 2 || !reused[1] {
		t.Errorf("connection not kept alive after the truncated body: reused %v", reused)
	}
}

func TestFaultConnectionReset(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	for ep, targets := range targets(s) {
		for _, target := range targets[:2] {
			s.ResetRequests()
			s.Inject(Fault{Kind: FaultConnectionReset, Endpoint: ep})
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+target, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.SetBasicAuth(TestAPIKey, TestAPISecret)
			resp, err := s.ts.Client().Do(req)
			if err != nil {
				t.Fatalf("%s: headers should arrive before the reset: %v", target, err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil || resp.StatusCode != 200 || len(body) == 0 || int64(len(body)) >= resp.ContentLength {
				t.Errorf("%s: status %d, %d bytes of %d, error %v", target, resp.StatusCode, len(body), resp.ContentLength, err)
			}
			if got := s.Requests()[0].Status; got != 200 {
				t.Errorf("%s: logged status %d, want the 200 that was sent", target, got)
			}
		}
	}
}

func TestFaultSlow(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	s.Inject(Fault{Kind: FaultSlow, Delay: 150 * time.Millisecond})
	start := time.Now()
	if res := get(t, s, operatorsPath); res.status != 200 || time.Since(start) < 150*time.Millisecond {
		t.Errorf("status %d after %v", res.status, time.Since(start))
	}

	// A client that gives up does not leave the handler sleeping: Close returns at once.
	s.Inject(Fault{Kind: FaultSlow, Delay: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := send(ctx, s, http.MethodGet, conversationsPath, apiKey); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v, want the client's deadline", err)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waits for a slow response whose client is gone")
	}
}

func TestLatency(t *testing.T) {
	s := newServer(t, Options{Conversations: 5, Latency: 80 * time.Millisecond})
	for _, want := range []time.Duration{80 * time.Millisecond, 0} {
		start := time.Now()
		do(t, s, http.MethodGet, conversationsPath, nil) // even a 401 waits
		if d := time.Since(start); d < want || (want == 0 && d > 70*time.Millisecond) {
			t.Errorf("latency %v: answered after %v", want, d)
		}
		s.SetLatency(0)
	}
}

// pages follows nextToken from the first page of path, at most maxPages pages.
func pages(t *testing.T, s *Server, path string, size, maxPages int) [][]string {
	t.Helper()
	q := vals("pageSize", strconv.Itoa(size))
	var out [][]string
	seen := map[string]bool{}
	for range maxPages {
		p := page(t, s, path, q)
		out = append(out, p.keys())
		if p.Meta.NextToken == "" {
			break
		}
		if seen[p.Meta.NextToken] {
			out = append(out, []string{"repeated token"})
			break
		}
		seen[p.Meta.NextToken] = true
		q.Set("pageToken", p.Meta.NextToken)
	}
	return out
}

func TestPagingFaults(t *testing.T) {
	t.Run("FaultRepeatToken", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 10})
		s.Inject(Fault{Kind: FaultRepeatToken}) // the first page carries no token: the second gets it
		if got := pages(t, s, conversationsPath, 3, 10); len(got) != 3 || got[2][0] != "repeated token" {
			t.Fatalf("pages %v: want page 1, page 2, then page 2's own token again", got)
		}
	})
	t.Run("FaultEmptyPageWithToken", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 10})
		want := lists(s)[resultsPath]
		s.Inject(Fault{Kind: FaultEmptyPageWithToken, After: 1, Times: 3})
		got := pages(t, s, resultsPath, 2, 50)
		if len(got) < 6 || len(got[1])+len(got[2])+len(got[3]) != 0 || len(got[4]) == 0 || !slices.Equal(slices.Concat(got...), want) {
			t.Fatalf("pages %v: want a page, three empty ones with fresh tokens, then the rest", got)
		}
		s.Inject(Fault{Kind: FaultEmptyPageWithToken, Times: -1})
		if got := pages(t, s, conversationsPath, 4, 50); len(got) != 50 || len(slices.Concat(got...)) != 0 {
			t.Errorf("forever: %d pages, %d items", len(got), len(slices.Concat(got...)))
		}
	})
	t.Run("FaultDuplicateItems", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 10})
		want := convIDs(s.Conversations())
		s.Inject(Fault{Kind: FaultDuplicateItems})
		got := pages(t, s, conversationsPath, 4, 10)
		all := slices.Concat(got...)
		if len(got) < 2 || len(got[1]) != 4 || !slices.Equal(got[1][:2], got[0][2:]) || len(all) != len(want)+2 {
			t.Fatalf("pages %v: page 2 should open with page 1's last two items", got)
		}
		if !slices.Equal(slices.Concat(all[:4], all[6:]), want) {
			t.Errorf("ids %v: want every item once plus the two duplicates", all)
		}
	})
}

func TestFaultScheduling(t *testing.T) {
	statuses := func(s *Server, n int, targets ...string) []int {
		var out []int
		for i := range n {
			out = append(out, get(t, s, targets[i%len(targets)]).status)
		}
		return out
	}
	s := newServer(t, Options{Conversations: 5})
	all := targets(s)
	s.Inject(Fault{Kind: FaultStatus, Status: 503, After: 1, Times: 2})
	if got := statuses(s, 5, all[ListEndpoint]...); !slices.Equal(got, []int{200, 503, 503, 200, 200}) {
		t.Errorf("After and Times: %v", got)
	}
	s.Inject(Fault{Kind: FaultStatus, Status: 502, Times: 2})
	s.Inject(Fault{Kind: FaultRateLimit})
	s.Inject(Fault{Kind: FaultStatus, Status: 504})
	if got := statuses(s, 5, conversationsPath); !slices.Equal(got, []int{502, 502, 429, 504, 200}) {
		t.Errorf("in injection order: %v", got)
	}
	s.Inject(Fault{Kind: FaultStatus, Endpoint: GetEndpoint, Times: len(all[GetEndpoint])})
	s.Inject(Fault{Kind: FaultMissingItems}) // list-only, so AnyEndpoint means lists
	if got := statuses(s, len(all[GetEndpoint]), all[GetEndpoint]...); slices.ContainsFunc(got, func(st int) bool { return st != 500 }) {
		t.Errorf("every fetch: %v", got)
	}
	if got := get(t, s, configurationsPath); got.status != 200 || !bytes.HasPrefix(got.body, []byte(`{"meta":`)) {
		t.Errorf("list: %d %.80s", got.status, got.body)
	}
	s.Inject(Fault{Kind: FaultStatus, Times: -1})
	if got := statuses(s, 4, all[GetEndpoint]...); !slices.Equal(got, []int{500, 500, 500, 500}) {
		t.Errorf("forever: %v", got)
	}

	t.Run("only authorized, valid requests to endpoints count", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 5})
		s.Inject(Fault{Kind: FaultStatus, Status: 503})
		do(t, s, http.MethodGet, conversationsPath, nil)
		get(t, s, "/v3/Conversations?pageSize=0")
		get(t, s, "/v3/Unknown")
		get(t, s, operatorsPath+"/"+OperatorIDs[0]+"/Versions/x")
		get(t, s, "/v3/ControlPlane/Operators/intelligence_operator_7zzzzzzzzzzzzzzzzzzzzzzzzz/Versions") // a 404 counts
		var logged []int
		for _, r := range s.Requests() {
			logged = append(logged, r.Status)
		}
		if !slices.Equal(logged, []int{401, 400, 404, 400, 503}) {
			t.Errorf("request log statuses %v", logged)
		}
	})
}

func TestInjectRefusesFaultsThatCannotFire(t *testing.T) {
	s := NewHandler(Options{Conversations: -1})
	fs := map[string]func(){}
	for name, f := range map[string]Fault{
		"unknown kind":         {Kind: 99},
		"zero kind":            {},
		"list-only on get":     {Kind: FaultItemsNotList, Endpoint: GetEndpoint},
		"unknown endpoint":     {Kind: FaultStatus, Endpoint: 7},
		"4xx for FaultStatus":  {Kind: FaultStatus, Status: 404},
		"2xx for ErrorBody":    {Kind: FaultErrorBody, Status: 200},
		"negative After":       {Kind: FaultStatus, After: -1},
		"Times below -1":       {Kind: FaultStatus, Times: -2},
		"HTML with a 3xx code": {Kind: FaultHTML, Status: 302},
	} {
		fs[name] = func() { s.Inject(f) }
	}
	mustPanic(t, fs)
}
