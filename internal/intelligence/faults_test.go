package intelligence_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	it "github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// outcome is how a faulted call must end: recovered with the right result, or one of the
// client's errors. Nothing else (a panic, a hang, a partial result) is acceptable.
type outcome int

const (
	recovered outcome = iota
	apiError
	decodeError
	loopError
)

// faultCase is one row of the fault matrix.
type faultCase struct {
	name      string
	fault     it.Fault
	want      outcome
	status    int  // for apiError
	attempts  int  // for apiError: requests the call makes, retries included
	laterOnly bool // the fault needs a page token, so only a later page can meet it
	listOnly  bool
}

const testMaxRetries = 3

func faultMatrix() []faultCase {
	forever := -1
	return []faultCase{
		{name: "429 with Retry-After", fault: it.Fault{Kind: it.FaultRateLimit, RetryAfter: "0", RateLimitReset: "60"}, want: recovered},
		{name: "429 with only X-RateLimit-Reset", fault: it.Fault{Kind: it.FaultRateLimit, RateLimitReset: "0.01"}, want: recovered},
		{name: "500", fault: it.Fault{Kind: it.FaultStatus, Status: 500}, want: recovered},
		{name: "502", fault: it.Fault{Kind: it.FaultStatus, Status: 502}, want: recovered},
		{name: "503", fault: it.Fault{Kind: it.FaultStatus, Status: 503, Times: 2}, want: recovered},
		{name: "504", fault: it.Fault{Kind: it.FaultStatus, Status: 504}, want: recovered},
		{name: "HTML error page from a proxy", fault: it.Fault{Kind: it.FaultHTML, Status: 502}, want: recovered},
		{name: "connection reset mid-body", fault: it.Fault{Kind: it.FaultConnectionReset}, want: recovered},
		{name: "slower than the request timeout", fault: it.Fault{Kind: it.FaultSlow, Delay: 2 * time.Second}, want: recovered},
		{name: "duplicate items across pages", fault: it.Fault{Kind: it.FaultDuplicateItems}, want: recovered, laterOnly: true, listOnly: true},

		{name: "429 past max_retries", fault: it.Fault{Kind: it.FaultRateLimit, RetryAfter: "0", Times: forever}, want: apiError, status: 429, attempts: testMaxRetries + 1},
		{name: "503 past max_retries", fault: it.Fault{Kind: it.FaultStatus, Status: 503, Times: forever}, want: apiError, status: 503, attempts: testMaxRetries + 1},
		{name: "HTML 502 past max_retries", fault: it.Fault{Kind: it.FaultHTML, Status: 502, Times: forever}, want: apiError, status: 502, attempts: testMaxRetries + 1},
		{name: "400 v1 body", fault: it.Fault{Kind: it.FaultErrorBody, Status: 400}, want: apiError, status: 400, attempts: 1},
		{name: "401 v1 body", fault: it.Fault{Kind: it.FaultErrorBody, Status: 401}, want: apiError, status: 401, attempts: 1},
		{name: "403 v1 body", fault: it.Fault{Kind: it.FaultErrorBody, Status: 403}, want: apiError, status: 403, attempts: 1},
		{name: "404 v1 body", fault: it.Fault{Kind: it.FaultErrorBody, Status: 404}, want: apiError, status: 404, attempts: 1},

		{name: "malformed JSON", fault: it.Fault{Kind: it.FaultMalformedJSON}, want: decodeError},
		{name: "truncated JSON", fault: it.Fault{Kind: it.FaultTruncatedJSON}, want: decodeError},
		{name: "empty 200 body", fault: it.Fault{Kind: it.FaultEmptyBody}, want: decodeError},
		{name: "items missing", fault: it.Fault{Kind: it.FaultMissingItems}, want: decodeError, listOnly: true},
		{name: "items not a list", fault: it.Fault{Kind: it.FaultItemsNotList}, want: decodeError, listOnly: true},

		{name: "a nextToken that repeats", fault: it.Fault{Kind: it.FaultRepeatToken}, want: loopError, laterOnly: true, listOnly: true},
		{name: "empty pages that keep a nextToken", fault: it.Fault{Kind: it.FaultEmptyPageWithToken, Times: forever}, want: loopError, listOnly: true},
	}
}

// faultClient has short backoff and a short per-attempt timeout so the matrix runs fast.
func faultClient(t *testing.T, srv *it.Server) *intelligence.Client {
	return newClient(t, srv.URL(), func(cfg *intelligence.Config) {
		cfg.MaxRetries = testMaxRetries
		cfg.RequestTimeout = 300 * time.Millisecond
	})
}

func TestFaultMatrix(t *testing.T) {
	for _, fc := range faultMatrix() {
		for _, where := range []string{"list first page", "list later page", "get"} {
			if (fc.laterOnly && where != "list later page") || (fc.listOnly && where == "get") {
				continue
			}
			t.Run(fc.name+"/"+where, func(t *testing.T) {
				srv := newServer(t, 250)
				fault := fc.fault
				fault.Endpoint = it.ListEndpoint
				if where == "get" {
					fault.Endpoint = it.GetEndpoint
				}
				if where == "list later page" {
					fault.After = 1
				}
				srv.Inject(fault)
				start := time.Now()
				var got []string
				var err error
				if where == "get" {
					want := srv.Conversations()[3].ID
					var conv *intelligence.Conversation
					conv, err = faultClient(t, srv).GetConversation(context.Background(), want)
					if err == nil {
						got = []string{conv.ID}
						if conv.ID != want {
							t.Errorf("got %s, want %s", conv.ID, want)
						}
					}
				} else {
					var res *intelligence.ListResult[intelligence.Conversation]
					res, err = faultClient(t, srv).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{PageSize: 100})
					if err == nil {
						got = ids(res.Items)
						if want := expected(srv, all); !slices.Equal(got, want) {
							t.Errorf("recovered with %d conversations, want all %d exactly once in order", len(got), len(want))
						}
					}
				}
				if elapsed := time.Since(start); elapsed > 10*time.Second {
					t.Errorf("took %s: the client hung on the fault", elapsed)
				}
				checkOutcome(t, fc, err, got, srv)
			})
		}
	}
}

func checkOutcome(t *testing.T, fc faultCase, err error, got []string, srv *it.Server) {
	t.Helper()
	var apiErr *intelligence.APIError
	var decodeErr *intelligence.DecodeError
	switch fc.want {
	case recovered:
		if err != nil {
			t.Fatalf("not recovered: %v", err)
		}
		if len(got) == 0 {
			t.Fatal("recovered with nothing")
		}
	case apiError:
		if !errors.As(err, &apiErr) || apiErr.StatusCode != fc.status {
			t.Fatalf("err = %v, want an APIError with HTTP %d", err, fc.status)
		}
		if apiErr.Attempts != fc.attempts {
			t.Errorf("%d attempts, want %d", apiErr.Attempts, fc.attempts)
		}
		if fc.fault.Kind == it.FaultHTML && !strings.Contains(apiErr.Body, "<") {
			t.Errorf("the HTML body is not kept as an excerpt: %q", apiErr.Body)
		}
		if fc.fault.Kind == it.FaultErrorBody && (apiErr.Code == 0 || apiErr.Message == "") {
			t.Errorf("the v1 error body was not decoded: %+v", apiErr)
		}
	case decodeError:
		if !errors.As(err, &decodeErr) {
			t.Fatalf("err = %v, want a DecodeError", err)
		}
	case loopError:
		if !errors.Is(err, intelligence.ErrPagingLoop) {
			t.Fatalf("err = %v, want the loop to be detected", err)
		}
		for _, r := range srv.Requests() {
			if token := r.Query.Get("pageToken"); token != "" && strings.Contains(err.Error(), token) {
				t.Errorf("the error quotes a page token, which encodes the filters: %v", err)
			}
		}
	}
	// Whatever the outcome, a non-retryable answer is never asked again.
	reqs := srv.Requests()
	for i := 1; i < len(reqs); i++ {
		prev := reqs[i-1]
		if prev.Status >= 400 && prev.Status < 500 && prev.Status != http.StatusTooManyRequests && prev.Status != 404 {
			t.Errorf("request %d came after a non-retryable HTTP %d", i+1, prev.Status)
		}
	}
	if fc.want == decodeError || (fc.want == apiError && fc.attempts == 1) {
		if last := reqs[len(reqs)-1]; fc.want == apiError && last.Status != fc.status {
			t.Errorf("the last request got %d, want the faulted %d", last.Status, fc.status)
		}
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	srv := newServer(t, 10)
	srv.Inject(it.Fault{Kind: it.FaultRateLimit, RetryAfter: "1"})
	if _, err := faultClient(t, srv).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 900*time.Millisecond {
		t.Errorf("retried %s after a 429 with Retry-After: 1", gap)
	}
}

func TestRateLimitResetIsHonoured(t *testing.T) {
	srv := newServer(t, 10)
	srv.Inject(it.Fault{Kind: it.FaultRateLimit, RateLimitReset: "1"})
	if _, err := faultClient(t, srv).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if gap := reqs[1].Time.Sub(reqs[0].Time); len(reqs) != 2 || gap < 900*time.Millisecond {
		t.Errorf("%d requests, retried %s after X-RateLimit-Reset: 1", len(reqs), gap)
	}
}

func TestRateLimitErrorSaysHowManyAttempts(t *testing.T) {
	srv := newServer(t, 10)
	srv.Inject(it.Fault{Kind: it.FaultRateLimit, RetryAfter: "0", Times: -1})
	_, err := faultClient(t, srv).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{})
	var apiErr *intelligence.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.Attempts != testMaxRetries+1 {
		t.Errorf("err = %v, want a 429 after %d attempts", err, testMaxRetries+1)
	}
}

func TestZeroRetries(t *testing.T) {
	srv := newServer(t, 10)
	srv.Inject(it.Fault{Kind: it.FaultStatus, Status: 500})
	c := newClient(t, srv.URL(), func(cfg *intelligence.Config) { cfg.MaxRetries = 0 })
	_, err := c.ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{})
	var apiErr *intelligence.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || srv.RequestCount() != 1 {
		t.Errorf("err %v after %d requests, want one 500", err, srv.RequestCount())
	}
}

func TestCancellationDuringARequest(t *testing.T) {
	srv := newServer(t, 3000)
	srv.SetLatency(time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	cancelled := cancelAfter(cancel, 100*time.Millisecond)
	start := time.Now()
	_, err := newClient(t, srv.URL()).ListConversations(ctx, intelligence.ConversationFilter{}, intelligence.ListOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("returned %s after the cancel", elapsed)
	}
	assertNothingSentAfter(t, srv, <-cancelled, 1500*time.Millisecond)
}

// cancelAfter cancels after d and sends the moment it did.
func cancelAfter(cancel context.CancelFunc, d time.Duration) <-chan time.Time {
	at := make(chan time.Time, 1)
	time.AfterFunc(d, func() {
		at <- time.Now()
		cancel()
	})
	return at
}

// assertNothingSentAfter waits for requests in flight to be logged (the local API logs a
// request when it answers), then checks that none arrived after the cancellation.
func assertNothingSentAfter(t *testing.T, srv *it.Server, cancelled time.Time, settle time.Duration) {
	t.Helper()
	time.Sleep(settle)
	for _, r := range srv.Requests() {
		if r.Time.After(cancelled) {
			t.Errorf("request %s arrived %s after the cancel", r.RawQuery, r.Time.Sub(cancelled))
		}
	}
}

func TestCancellationDuringBackoff(t *testing.T) {
	srv := newServer(t, 10)
	srv.Inject(it.Fault{Kind: it.FaultRateLimit, RetryAfter: "30"})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newClient(t, srv.URL()).ListConversations(ctx, intelligence.ConversationFilter{}, intelligence.ListOptions{})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("err = %v after %s, want the deadline promptly", err, time.Since(start))
	}
	if n := srv.RequestCount(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestCancellationOfAWindowedList(t *testing.T) {
	srv := newServer(t, 2000)
	srv.SetLatency(500 * time.Millisecond)
	data := srv.Conversations()
	before := createdAt(t, &data[0]).Add(time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	cancelled := cancelAfter(cancel, 100*time.Millisecond)
	start := time.Now()
	_, err := newClient(t, srv.URL()).ListConversations(ctx,
		intelligence.ConversationFilter{CreatedAtAfter: before.Add(-120 * 24 * time.Hour), CreatedAtBefore: before}, intelligence.ListOptions{})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Errorf("err = %v after %s", err, time.Since(start))
	}
	assertNothingSentAfter(t, srv, <-cancelled, 700*time.Millisecond)
}
