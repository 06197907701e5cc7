package intelligence_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// newServer starts a local API with n conversations (an empty one for n < 0).
func newServer(t testing.TB, n int) *intelligencetest.Server {
	t.Helper()
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: n})
	t.Cleanup(srv.Close)
	return srv
}

// newClient builds a client for baseURL with short backoff so that retry tests are quick.
func newClient(t testing.TB, baseURL string, edit ...func(*intelligence.Config)) *intelligence.Client {
	t.Helper()
	cfg := intelligence.Config{
		BaseURL:      baseURL,
		Username:     intelligencetest.TestAccountSID,
		Password:     intelligencetest.TestAuthToken,
		UserAgent:    "terraform-provider-twilio/test",
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 10 * time.Millisecond,
	}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := intelligence.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(convs []intelligence.Conversation) []string {
	out := make([]string, len(convs))
	for i, c := range convs {
		out[i] = c.ID
	}
	return out
}

// expected filters the server's data set the way the spec describes, as an oracle.
func expected(srv *intelligencetest.Server, keep func(*intelligence.Conversation) bool) []string {
	var out []string
	for _, c := range srv.Conversations() {
		if keep(&c) {
			out = append(out, c.ID)
		}
	}
	return out
}

func all(*intelligence.Conversation) bool { return true }

func createdAt(t testing.TB, c *intelligence.Conversation) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, c.CreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestCollectReadsEveryPageWithMinimalRequests(t *testing.T) {
	for _, n := range []int{-1, 1, 999, 1000, 1001, 2500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			srv := newServer(t, n)
			res, err := newClient(t, srv.URL()).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := expected(srv, all)
			if got := ids(res.Items); !slices.Equal(got, want) {
				t.Fatalf("got %d conversations, want %d in API order", len(got), len(want))
			}
			wantRequests := max(1, (len(want)+999)/1000) // ceil(N/1000); an empty list still asks once
			if got := srv.RequestCount(); got != wantRequests {
				t.Errorf("%d requests for %d conversations, want %d", got, len(want), wantRequests)
			}
			if res.Pages != wantRequests || res.Truncated {
				t.Errorf("pages %d truncated %v, want %d false", res.Pages, res.Truncated, wantRequests)
			}
			if res.Items == nil {
				t.Error("an empty result is nil, want an empty slice")
			}
		})
	}
}

func TestEveryPageRepeatsTheFiltersAndPageSize(t *testing.T) {
	srv := newServer(t, 1200)
	f := intelligence.ConversationFilter{Channels: []string{"VOICE", "SMS", "CHAT", "WHATSAPP", "EMAIL"}}
	_, err := newClient(t, srv.URL()).ListConversations(context.Background(), f, intelligence.ListOptions{PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) < 3 {
		t.Fatalf("only %d requests; the test needs several pages", len(reqs))
	}
	first := reqs[0].Query
	if first.Has("pageToken") {
		t.Error("the first page carries a pageToken")
	}
	for i, r := range reqs[1:] {
		q := r.Query
		token := q.Get("pageToken")
		if token == "" {
			t.Fatalf("page %d has no pageToken", i+2)
		}
		if !strings.ContainsAny(token, "+/=&?") {
			t.Errorf("the server's token %q needs no escaping; the test proves nothing", token)
		}
		q.Del("pageToken")
		if q.Encode() != first.Encode() {
			t.Errorf("page %d query %q differs from the first page's %q", i+2, q.Encode(), first.Encode())
		}
		if r.Status != http.StatusOK {
			t.Errorf("page %d: status %d", i+2, r.Status)
		}
	}
}

func TestFilters(t *testing.T) {
	srv := newServer(t, 600)
	c := newClient(t, srv.URL())
	data := srv.Conversations()
	newest := createdAt(t, &data[0])
	someChannelID := data[7].ChannelIDs[0]
	cfgID := intelligencetest.IntelligenceConfigurationIDs[1]
	for _, tc := range []struct {
		name   string
		filter intelligence.ConversationFilter
		keep   func(*intelligence.Conversation) bool
	}{
		{"status", intelligence.ConversationFilter{Status: "ACTIVE"},
			func(c *intelligence.Conversation) bool { return c.Status == "ACTIVE" }},
		{"channel id", intelligence.ConversationFilter{ChannelID: someChannelID},
			func(c *intelligence.Conversation) bool { return slices.Contains(c.ChannelIDs, someChannelID) }},
		{"channels is an OR", intelligence.ConversationFilter{Channels: []string{"SMS", "RCS"}},
			func(c *intelligence.Conversation) bool {
				return slices.Contains(c.Channels, "SMS") || slices.Contains(c.Channels, "RCS")
			}},
		{"conversation configuration", intelligence.ConversationFilter{ConversationConfigurationID: intelligencetest.ConversationConfigurationIDs[0]},
			func(c *intelligence.Conversation) bool {
				return c.ConversationConfigurationID == intelligencetest.ConversationConfigurationIDs[0]
			}},
		{"intelligence configurations", intelligence.ConversationFilter{IntelligenceConfigurationIDs: []string{cfgID}},
			func(c *intelligence.Conversation) bool { return slices.Contains(c.IntelligenceConfigurationIDs, cfgID) }},
		{"created after, exclusive", intelligence.ConversationFilter{CreatedAtAfter: newest.Add(-72 * time.Hour)},
			func(c *intelligence.Conversation) bool { return createdAt(t, c).After(newest.Add(-72 * time.Hour)) }},
		{"created before, exclusive", intelligence.ConversationFilter{CreatedAtBefore: newest.Add(-100 * 24 * time.Hour)},
			func(c *intelligence.Conversation) bool {
				return createdAt(t, c).Before(newest.Add(-100 * 24 * time.Hour))
			}},
		{"several together", intelligence.ConversationFilter{Status: "CLOSED", Channels: []string{"VOICE"},
			CreatedAtAfter: newest.Add(-20 * 24 * time.Hour), CreatedAtBefore: newest},
			func(c *intelligence.Conversation) bool {
				at := createdAt(t, c)
				return c.Status == "CLOSED" && slices.Contains(c.Channels, "VOICE") &&
					at.After(newest.Add(-20*24*time.Hour)) && at.Before(newest)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.ListConversations(context.Background(), tc.filter, intelligence.ListOptions{PageSize: 50})
			if err != nil {
				t.Fatal(err)
			}
			want := expected(srv, tc.keep)
			if len(want) == 0 || len(want) == len(data) {
				t.Fatalf("the oracle keeps %d of %d: the filter does not discriminate", len(want), len(data))
			}
			if got := ids(res.Items); !slices.Equal(got, want) {
				t.Errorf("got %d conversations, want %d", len(got), len(want))
			}
		})
	}
}

func TestOperatorIDsFilter(t *testing.T) {
	// Which operators ran is not part of a conversation, so the oracle is crafted data.
	srv := newServer(t, -1)
	op := intelligencetest.OperatorIDs[2]
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		srv.Add(intelligence.Conversation{
			ID: fmt.Sprintf("conv_conversation_0%025d", i), Status: "ACTIVE",
			CreatedAt: at.Add(time.Duration(-i) * time.Hour).Format(time.RFC3339), UpdatedAt: at.Format(time.RFC3339),
			ConversationConfigurationID: intelligencetest.ConversationConfigurationIDs[0],
		}, intelligencetest.OperatorIDs[i])
	}
	res, err := newClient(t, srv.URL()).ListConversations(context.Background(),
		intelligence.ConversationFilter{OperatorIDs: []string{op, intelligencetest.OperatorIDs[0]}}, intelligence.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"conv_conversation_00000000000000000000000000", "conv_conversation_00000000000000000000000002"}
	if got := ids(res.Items); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestMaxResults(t *testing.T) {
	for _, tc := range []struct {
		name           string
		n, max, size   int
		wantCount      int
		wantRequests   int
		wantTruncated  bool
		wantFirstQuery string
	}{
		{"a small cap costs one small request", 2500, 10, 0, 10, 1, true, "pageSize=10"},
		{"a cap inside a page", 2500, 1500, 0, 1500, 2, true, "pageSize=1000"},
		{"a cap at a page boundary with more pages", 2500, 2000, 0, 2000, 2, true, "pageSize=1000"},
		{"a cap equal to the total", 2500, 2500, 0, 2500, 3, false, "pageSize=1000"},
		{"a cap above the total", 2500, 5000, 0, 2500, 3, false, "pageSize=1000"},
		{"a cap with a small page size", 300, 120, 50, 120, 3, true, "pageSize=50"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.n)
			res, err := newClient(t, srv.URL()).ListConversations(context.Background(), intelligence.ConversationFilter{},
				intelligence.ListOptions{MaxResults: tc.max, PageSize: tc.size})
			if err != nil {
				t.Fatal(err)
			}
			want := expected(srv, all)[:tc.wantCount]
			if got := ids(res.Items); !slices.Equal(got, want) {
				t.Errorf("got %d conversations, want the first %d", len(got), tc.wantCount)
			}
			if res.Truncated != tc.wantTruncated {
				t.Errorf("truncated = %v, want %v", res.Truncated, tc.wantTruncated)
			}
			if got := srv.RequestCount(); got != tc.wantRequests {
				t.Errorf("%d requests, want %d", got, tc.wantRequests)
			}
			if got := srv.Requests()[0].RawQuery; got != tc.wantFirstQuery {
				t.Errorf("first query %q, want %q", got, tc.wantFirstQuery)
			}
		})
	}
}

// A page that fails after others succeeded fails the whole listing: no partial result.
func TestAFailedLaterPageFailsTheListing(t *testing.T) {
	srv := newServer(t, 2500)
	srv.Inject(intelligencetest.Fault{Kind: intelligencetest.FaultErrorBody, Status: http.StatusForbidden, After: 1})
	res, err := newClient(t, srv.URL()).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{})
	var apiErr *intelligence.APIError
	if res != nil || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden {
		t.Errorf("got %v, %v; want no result and the 403", res, err)
	}
	if n := srv.RequestCount(); n != 2 {
		t.Errorf("%d requests, want 2: the 403 is not retried and nothing follows it", n)
	}
}

func TestLongRangeIsSplitIntoWindows(t *testing.T) {
	srv := newServer(t, 2000) // spread over 120 days
	data := srv.Conversations()
	before := createdAt(t, &data[0]).Add(time.Minute)
	after := before.Add(-70 * 24 * time.Hour)
	// Conversations exactly on the instants where windows meet: with exclusive bounds and
	// no overlap they would be lost; with an inclusive API they would come twice.
	for i, at := range []time.Time{before.Add(-intelligence.MaxWindow), before.Add(-2*intelligence.MaxWindow + time.Second)} {
		srv.Add(intelligence.Conversation{
			ID: fmt.Sprintf("conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzz%d", i), Status: "CLOSED",
			CreatedAt: at.Format(time.RFC3339), UpdatedAt: at.Format(time.RFC3339),
			ConversationConfigurationID: intelligencetest.ConversationConfigurationIDs[0],
		})
	}
	res, err := newClient(t, srv.URL()).ListConversations(context.Background(),
		intelligence.ConversationFilter{CreatedAtAfter: after, CreatedAtBefore: before}, intelligence.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := expected(srv, func(c *intelligence.Conversation) bool {
		at := createdAt(t, c)
		return at.After(after) && at.Before(before)
	})
	if got := ids(res.Items); !slices.Equal(got, want) {
		t.Fatalf("got %d conversations, want %d in API order without duplicates", len(got), len(want))
	}
	windows := map[string]bool{}
	for _, r := range srv.Requests() {
		a, _ := time.Parse(time.RFC3339, r.Query.Get("createdAtAfter"))
		b, _ := time.Parse(time.RFC3339, r.Query.Get("createdAtBefore"))
		if b.Sub(a) > intelligence.MaxWindow || r.Status != http.StatusOK {
			t.Errorf("request %s: %s wide, status %d", r.RawQuery, b.Sub(a), r.Status)
		}
		windows[r.Query.Get("createdAtBefore")] = true
	}
	if len(windows) != 3 {
		t.Errorf("%d windows for 70 days, want 3", len(windows))
	}
}

func TestWindowsAreFetchedConcurrentlyWithinTheWorkerBound(t *testing.T) {
	srv := newServer(t, 400)
	srv.SetLatency(30 * time.Millisecond)
	data := srv.Conversations()
	before := createdAt(t, &data[0]).Add(time.Second)
	after := before.Add(-200 * 24 * time.Hour) // 7 windows
	for _, workers := range []int{1, 3} {
		counter := &inFlightCounter{next: http.DefaultTransport}
		c := newClient(t, srv.URL(), func(cfg *intelligence.Config) { cfg.Workers, cfg.Transport = workers, counter })
		res, err := c.ListConversations(context.Background(), intelligence.ConversationFilter{CreatedAtAfter: after, CreatedAtBefore: before},
			intelligence.ListOptions{PageSize: 50})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != len(data) {
			t.Errorf("workers %d: %d conversations, want %d", workers, len(res.Items), len(data))
		}
		if peak := counter.peak.Load(); peak != int64(workers) {
			t.Errorf("workers %d: peak of %d requests in flight", workers, peak)
		}
	}
}

// inFlightCounter counts requests from the moment they are sent until their body is
// closed, on the client's side, where the count does not depend on the server's timing.
type inFlightCounter struct {
	next      http.RoundTripper
	now, peak atomic.Int64
}

func (c *inFlightCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	n := c.now.Add(1)
	for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
	}
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		c.now.Add(-1)
		return nil, err
	}
	resp.Body = &countedBody{ReadCloser: resp.Body, done: func() { c.now.Add(-1) }}
	return resp, nil
}

type countedBody struct {
	io.ReadCloser
	done func()
	once sync.Once
}

func (b *countedBody) Close() error {
	b.once.Do(b.done)
	return b.ReadCloser.Close()
}

func TestMaxResultsStopsTheWindowWorkers(t *testing.T) {
	srv := newServer(t, 2000)
	data := srv.Conversations()
	before := createdAt(t, &data[0]).Add(time.Second)
	res, err := newClient(t, srv.URL()).ListConversations(context.Background(),
		intelligence.ConversationFilter{CreatedAtAfter: before.Add(-120 * 24 * time.Hour), CreatedAtBefore: before},
		intelligence.ListOptions{MaxResults: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Items); !slices.Equal(got, ids(data[:5])) || !res.Truncated {
		t.Errorf("got %v truncated %v, want the newest 5, truncated", got, res.Truncated)
	}
	for _, r := range srv.Requests() {
		if r.Query.Get("pageSize") != "5" || r.Query.Has("pageToken") {
			t.Errorf("request %s: a capped window read more than one page of 5", r.RawQuery)
		}
	}
}

func TestAfterLaterThanBeforeFailsWithoutARequest(t *testing.T) {
	srv := newServer(t, 10)
	now := time.Now()
	_, err := newClient(t, srv.URL()).ListConversations(context.Background(),
		intelligence.ConversationFilter{CreatedAtAfter: now, CreatedAtBefore: now.Add(-time.Hour)}, intelligence.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "later than") {
		t.Errorf("err = %v", err)
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestGetConversation(t *testing.T) {
	srv := newServer(t, 50)
	c := newClient(t, srv.URL())
	withText := 0
	for _, want := range srv.Conversations()[:20] {
		got, err := c.GetConversation(context.Background(), want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("GetConversation(%s) = %+v, want %+v", want.ID, *got, want)
		}
		withText += len(got.Communications)
	}
	if withText == 0 {
		t.Error("no communications in 20 conversations: the test proves nothing about them")
	}
}

func TestGetConversationNotFound(t *testing.T) {
	srv := newServer(t, 5)
	_, err := newClient(t, srv.URL()).GetConversation(context.Background(), "conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz")
	if !errors.Is(err, intelligence.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	var apiErr *intelligence.APIError
	if !errors.As(err, &apiErr) || apiErr.Code == 0 || apiErr.Message == "" {
		t.Errorf("the v1 error body was not decoded: %#v", apiErr)
	}
	if n := srv.RequestCount(); n != 1 {
		t.Errorf("%d requests for a 404, want 1 (no retries)", n)
	}
}

func TestGetRejectsBadIDsBeforeAnyRequest(t *testing.T) {
	srv := newServer(t, 5)
	c := newClient(t, srv.URL())
	for _, id := range []string{"", "conv_conversation_../../v3/Conversations", "conv_conversation_01k1etk2y5f1y9fpe2epfd%2Fv2",
		"conv_conversation_01k1etk2y5f1y9fpe2epfdtv/2", "conv_conversation_01k1etk2y5f1y9fpe2epfdtvé2"} {
		var idErr *intelligence.IDError
		if _, err := c.GetConversation(context.Background(), id); !errors.As(err, &idErr) || idErr.Kind != "conversation" {
			t.Errorf("GetConversation(%q) = %v, want an IDError", id, err)
		}
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("%d requests sent for invalid ids", n)
	}
}

func TestRequestHeaders(t *testing.T) {
	srv := newServer(t, 1)
	var got http.Header
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		srv.ServeHTTP(w, r)
	}))
	defer front.Close()
	if _, err := newClient(t, front.URL).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if ua := got.Get("User-Agent"); ua != "terraform-provider-twilio/test" {
		t.Errorf("User-Agent %q", ua)
	}
	if a := got.Get("Accept"); a != "application/json" {
		t.Errorf("Accept %q", a)
	}
	user, pass, ok := (&http.Request{Header: got}).BasicAuth()
	if !ok || user != intelligencetest.TestAccountSID || pass != intelligencetest.TestAuthToken {
		t.Error("no Basic auth with the configured credentials")
	}
}

func TestBothCredentialKindsAndWrongOnes(t *testing.T) {
	srv := newServer(t, 3)
	for _, tc := range []struct {
		name, user, pass string
		wantStatus       int
	}{
		{"account sid and auth token", intelligencetest.TestAccountSID, intelligencetest.TestAuthToken, 0},
		{"api key and secret", intelligencetest.TestAPIKey, intelligencetest.TestAPISecret, 0},
		{"wrong secret", intelligencetest.TestAPIKey, "wrong", http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.ResetRequests()
			c := newClient(t, srv.URL(), func(cfg *intelligence.Config) { cfg.Username, cfg.Password = tc.user, tc.pass })
			_, err := c.ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{})
			var apiErr *intelligence.APIError
			switch {
			case tc.wantStatus == 0 && err != nil:
				t.Fatal(err)
			case tc.wantStatus != 0 && (!errors.As(err, &apiErr) || apiErr.StatusCode != tc.wantStatus):
				t.Fatalf("err = %v, want HTTP %d", err, tc.wantStatus)
			case tc.wantStatus == http.StatusUnauthorized:
				if srv.RequestCount() != 1 {
					t.Errorf("a 401 was retried: %d requests", srv.RequestCount())
				}
			}
		})
	}
}

func TestRedirectsAreRefusedAndCredentialsStayHome(t *testing.T) {
	var leaked string
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Authorization")
	}))
	defer elsewhere.Close()
	redirector := httptest.NewServer(http.RedirectHandler(elsewhere.URL+"/v3/Conversations", http.StatusFound))
	defer redirector.Close()
	_, err := newClient(t, redirector.URL).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{})
	var apiErr *intelligence.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusFound || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("err = %v, want a refused redirect", err)
	}
	if leaked != "" {
		t.Error("the credentials followed the redirect")
	}
}

func TestTLSVerificationIsOnAndNotRetried(t *testing.T) {
	var hits int
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	defer srv.Close()
	_, err := newClient(t, srv.URL).ListConversations(context.Background(), intelligence.ConversationFilter{}, intelligence.ListOptions{})
	var reqErr *intelligence.RequestError
	var unknownAuthority x509.UnknownAuthorityError
	if !errors.As(err, &reqErr) || !errors.As(err, &unknownAuthority) {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	if reqErr.Attempts != 1 || hits != 0 {
		t.Errorf("%d attempts, %d requests served; a bad certificate must not be retried", reqErr.Attempts, hits)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, cfg := range []intelligence.Config{
		{BaseURL: "http://example.com", Username: "u", Password: "p"},
		{BaseURL: "https://example.com", Username: "u"},
		{BaseURL: "https://example.com", Password: "p"},
	} {
		if _, err := intelligence.New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
}
