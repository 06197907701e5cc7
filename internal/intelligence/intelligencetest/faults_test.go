package intelligencetest

import (
	"bytes"
	"cmp"
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

const list3 = "/v3/Conversations?pageSize=3"

func TestFaultRateLimit(t *testing.T) {
	tests := []struct {
		name             string
		fault            Fault
		retryAfter, rest string
	}{
		{"with Retry-After", Fault{Kind: FaultRateLimit, RetryAfter: "3"}, "3", "1"},
		{"with only X-RateLimit-Reset", Fault{Kind: FaultRateLimit, RateLimitReset: "7"}, "", "7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, Options{Conversations: 5})
			s.Inject(tt.fault)
			res := get(t, s, list3)
			if e := apiErr(t, res, http.StatusTooManyRequests); e.Code != 20429 {
				t.Errorf("code %d", e.Code)
			}
			h := res.header
			if h.Get("X-RateLimit-Limit") == "" || h.Get("X-RateLimit-Remaining") != "0" || h.Get("X-RateLimit-Reset") != tt.rest {
				t.Errorf("rate limit headers %v", h)
			}
			if _, sent := h["Retry-After"]; sent != (tt.retryAfter != "") || h.Get("Retry-After") != tt.retryAfter {
				t.Errorf("Retry-After %q, want %q", h.Get("Retry-After"), tt.retryAfter)
			}
			if res := get(t, s, list3); res.status != 200 {
				t.Errorf("fault did not end after one request: %d", res.status)
			}
		})
	}
}

func TestFaultStatusAndErrorBody(t *testing.T) {
	tests := []struct {
		fault Fault
		want  int
	}{
		{Fault{Kind: FaultStatus}, 500},
		{Fault{Kind: FaultStatus, Status: 502}, 502},
		{Fault{Kind: FaultStatus, Status: 503}, 503},
		{Fault{Kind: FaultStatus, Status: 504}, 504},
		{Fault{Kind: FaultErrorBody}, 400},
		{Fault{Kind: FaultErrorBody, Status: 401}, 401},
		{Fault{Kind: FaultErrorBody, Status: 403}, 403},
		{Fault{Kind: FaultErrorBody, Status: 404, Endpoint: GetEndpoint}, 404},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.want), func(t *testing.T) {
			s := newServer(t, Options{Conversations: 5})
			s.Inject(tt.fault)
			target := list3
			if tt.fault.Endpoint == GetEndpoint {
				target = "/v3/Conversations/" + s.Conversations()[0].ID
			}
			apiErr(t, get(t, s, target), tt.want)
		})
	}
}

func TestFaultHTML(t *testing.T) {
	for _, status := range []int{0, 503} {
		s := newServer(t, Options{Conversations: 5})
		s.Inject(Fault{Kind: FaultHTML, Status: status})
		res := get(t, s, list3)
		want := cmp.Or(status, 502)
		if res.status != want || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") ||
			!bytes.Contains(res.body, []byte("<html>")) || json.Valid(res.body) {
			t.Errorf("status %d, type %q, body %q", res.status, res.header.Get("Content-Type"), res.body)
		}
	}
}

func TestFaultBodies(t *testing.T) {
	tests := []struct {
		kind  FaultKind
		check func(t *testing.T, body []byte)
	}{
		{FaultMalformedJSON, func(t *testing.T, body []byte) {
			if len(body) == 0 || json.Valid(body) {
				t.Errorf("body is valid JSON or empty: %s", body)
			}
		}},
		{FaultEmptyBody, func(t *testing.T, body []byte) {
			if len(body) != 0 {
				t.Errorf("body %q", body)
			}
		}},
		{FaultMissingItems, func(t *testing.T, body []byte) {
			var raw map[string]json.RawMessage
			decodeStrict(t, body, &raw)
			if _, ok := raw["items"]; ok || raw["meta"] == nil {
				t.Errorf("body %s", body)
			}
		}},
		{FaultItemsNotList, func(t *testing.T, body []byte) {
			var raw map[string]json.RawMessage
			decodeStrict(t, body, &raw)
			if string(raw["items"]) != "{}" || raw["meta"] == nil {
				t.Errorf("body %s", body)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			s := newServer(t, Options{Conversations: 5})
			s.Inject(Fault{Kind: tt.kind})
			res := get(t, s, list3)
			if res.status != 200 || res.header.Get("Content-Type") != "application/json" {
				t.Fatalf("status %d, type %q", res.status, res.header.Get("Content-Type"))
			}
			tt.check(t, res.body)
		})
	}
}

func TestFaultTruncatedJSON(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	full := get(t, s, list3).body
	s.Inject(Fault{Kind: FaultTruncatedJSON})

	var reused []bool
	trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = append(reused, i.Reused) }}
	fetch := func() (int, []byte, string) {
		ctx := httptrace.WithClientTrace(t.Context(), trace)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+list3, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth(TestAPIKey, TestAPISecret)
		resp, err := s.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("the transport must see a complete response: %v", err)
		}
		return resp.StatusCode, body, resp.Header.Get("Content-Length")
	}
	status, body, length := fetch()
	if status != 200 || !bytes.Equal(body, full[:len(full)/2]) || length != strconv.Itoa(len(body)) || json.Valid(body) {
		t.Errorf("status %d, Content-Length %s, %d of %d bytes", status, length, len(body), len(full))
	}
	if _, again, _ := fetch(); !bytes.Equal(again, full) {
		t.Error("the next response is not the full page")
	}
	if len(reused) != 2 || !reused[1] {
		t.Errorf("connection not kept alive after the truncated body: reused %v", reused)
	}
}

func TestFaultConnectionReset(t *testing.T) {
	for _, ep := range []Endpoint{ListEndpoint, GetEndpoint} {
		s := newServer(t, Options{Conversations: 5})
		target := list3
		if ep == GetEndpoint {
			target = "/v3/Conversations/" + s.Conversations()[0].ID
		}
		s.Inject(Fault{Kind: FaultConnectionReset, Endpoint: ep})
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+target, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth(TestAPIKey, TestAPISecret)
		resp, err := s.ts.Client().Do(req)
		if err != nil {
			t.Fatalf("headers should arrive before the reset: %v", err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Fatalf("endpoint %d: read %d bytes without error", ep, len(body))
		}
		if resp.StatusCode != 200 || len(body) == 0 || int64(len(body)) >= resp.ContentLength {
			t.Errorf("status %d, %d bytes of %d", resp.StatusCode, len(body), resp.ContentLength)
		}
		if res := get(t, s, target); res.status != 200 {
			t.Errorf("after the reset: %d", res.status)
		}
		if got := s.Requests()[0].Status; got != 200 {
			t.Errorf("logged status %d, want the 200 that was sent", got)
		}
	}
}

func TestFaultSlow(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	s.Inject(Fault{Kind: FaultSlow, Delay: 150 * time.Millisecond})
	start := time.Now()
	if res := get(t, s, list3); res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered after %v", d)
	}

	// A client that gives up does not leave the handler sleeping: Close returns at once.
	s.Inject(Fault{Kind: FaultSlow, Delay: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+list3, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(TestAPIKey, TestAPISecret)
	resp, err := s.ts.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatal("no timeout")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v", err)
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
		do(t, s, http.MethodGet, list3, nil) // even a 401 waits
		if d := time.Since(start); d < want || (want == 0 && d > 70*time.Millisecond) {
			t.Errorf("latency %v: answered after %v", want, d)
		}
		s.SetLatency(0)
	}
}

// pages follows nextToken from the first page, at most max pages.
func pages(t *testing.T, s *Server, size, maxPages int) [][]string {
	t.Helper()
	q := vals("pageSize", strconv.Itoa(size))
	var out [][]string
	seen := map[string]bool{}
	for range maxPages {
		p := page(t, s, q)
		out = append(out, ids(p.Items))
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

func TestFaultRepeatToken(t *testing.T) {
	s := newServer(t, Options{Conversations: 10})
	s.Inject(Fault{Kind: FaultRepeatToken}) // the first page carries no token: the second gets it
	got := pages(t, s, 3, 10)
	if len(got) != 3 || got[2][0] != "repeated token" {
		t.Fatalf("pages %v: want page 1, page 2, then page 2's own token again", got)
	}

	s = newServer(t, Options{Conversations: 10})
	s.Inject(Fault{Kind: FaultRepeatToken, Times: -1})
	q := vals("pageSize", "3")
	q.Set("pageToken", page(t, s, q).Meta.NextToken)
	for range 5 { // a client without loop detection would go on forever
		if p := page(t, s, q); p.Meta.NextToken != q.Get("pageToken") {
			t.Fatal("token not repeated")
		}
	}
}

func TestFaultEmptyPageWithToken(t *testing.T) {
	s := newServer(t, Options{Conversations: 10})
	want := ids(s.Conversations())
	s.Inject(Fault{Kind: FaultEmptyPageWithToken, After: 1, Times: 3})
	got := pages(t, s, 4, 20)
	if len(got) != 6 || len(got[1]) != 0 || len(got[2]) != 0 || len(got[3]) != 0 || len(got[4]) == 0 {
		t.Fatalf("pages %v: want a page, three empty ones with fresh tokens, then the rest", got)
	}
	if all := slices.Concat(got...); !slices.Equal(all, want) {
		t.Errorf("after the empty pages the listing lost or repeated items: %v", all)
	}

	s = newServer(t, Options{Conversations: 10})
	s.Inject(Fault{Kind: FaultEmptyPageWithToken, Times: -1})
	got = pages(t, s, 4, 50)
	if len(got) != 50 || len(slices.Concat(got...)) != 0 {
		t.Errorf("forever: %d pages, %d items", len(got), len(slices.Concat(got...)))
	}
}

func TestFaultDuplicateItems(t *testing.T) {
	s := newServer(t, Options{Conversations: 10})
	want := ids(s.Conversations())
	s.Inject(Fault{Kind: FaultDuplicateItems})
	got := pages(t, s, 4, 10)
	if len(got) < 2 || len(got[1]) != 4 || !slices.Equal(got[1][:2], got[0][2:]) {
		t.Fatalf("pages %v: page 2 should open with page 1's last two items", got)
	}
	all := slices.Concat(got...)
	var dedup []string
	for _, id := range all {
		if !slices.Contains(dedup, id) {
			dedup = append(dedup, id)
		}
	}
	if len(all) != len(want)+2 || !slices.Equal(dedup, want) {
		t.Errorf("ids %v: want every item once plus the two duplicates", all)
	}
}

func TestFaultScheduling(t *testing.T) {
	statuses := func(s *Server, target string, n int) []int {
		var out []int
		for range n {
			out = append(out, get(t, s, target).status)
		}
		return out
	}

	t.Run("After and Times", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 5})
		s.Inject(Fault{Kind: FaultStatus, Status: 503, After: 1, Times: 2})
		if got := statuses(s, list3, 5); !slices.Equal(got, []int{200, 503, 503, 200, 200}) {
			t.Errorf("statuses %v", got)
		}
	})
	t.Run("forever", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 5})
		s.Inject(Fault{Kind: FaultStatus, Times: -1})
		if got := statuses(s, list3, 4); !slices.Equal(got, []int{500, 500, 500, 500}) {
			t.Errorf("statuses %v", got)
		}
	})
	t.Run("in injection order", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 5})
		s.Inject(Fault{Kind: FaultStatus, Status: 502, Times: 2})
		s.Inject(Fault{Kind: FaultRateLimit})
		s.Inject(Fault{Kind: FaultStatus, Status: 504})
		if got := statuses(s, list3, 5); !slices.Equal(got, []int{502, 502, 429, 504, 200}) {
			t.Errorf("statuses %v", got)
		}
	})
	t.Run("per endpoint", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 5})
		one := "/v3/Conversations/" + s.Conversations()[0].ID
		s.Inject(Fault{Kind: FaultStatus, Endpoint: GetEndpoint})
		s.Inject(Fault{Kind: FaultMissingItems}) // list-only, so AnyEndpoint means lists
		if got := get(t, s, list3); got.status != 200 || !bytes.HasPrefix(got.body, []byte(`{"meta":`)) {
			t.Errorf("list: %d %.80s", got.status, got.body)
		}
		if got := get(t, s, one).status; got != 500 {
			t.Errorf("get: %d", got)
		}
		if got := get(t, s, one).status; got != 200 {
			t.Errorf("get after: %d", got)
		}
	})
	t.Run("only authorized, valid requests count", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 5})
		s.Inject(Fault{Kind: FaultStatus, Status: 503})
		if got := do(t, s, http.MethodGet, list3, nil).status; got != 401 {
			t.Errorf("unauthenticated: %d", got)
		}
		if got := get(t, s, "/v3/Conversations?pageSize=0").status; got != 400 {
			t.Errorf("bad request: %d", got)
		}
		if got := get(t, s, list3).status; got != 503 {
			t.Errorf("first counted request: %d", got)
		}
		var logged []int
		for _, r := range s.Requests() {
			logged = append(logged, r.Status)
		}
		if !slices.Equal(logged, []int{401, 400, 503}) {
			t.Errorf("request log statuses %v", logged)
		}
	})
}

func TestInjectRefusesFaultsThatCannotFire(t *testing.T) {
	s := NewHandler(Options{Conversations: -1})
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
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			s.Inject(f)
		})
	}
}
