package benchmarks

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-cleanhttp"
	twintel "github.com/twilio/twilio-go/rest/intelligence/v3"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// What twilio-go v1.31.0's ListConversations does with a filtered listing that spans
// several pages, against the local API (in process here: these tests measure nothing,
// they read the server's request log). Each test logs what happened; BENCHMARKS.md quotes
// the logs. Run them with:
//
//	go test -run TwilioGo -v
//
// The data set is 10,000 conversations, of which status=CLOSED selects 5,500 or so:
// six pages of 1000, or about 110 pages of twilio-go's default 50.

const twilioN = 10_000

// recorder keeps every response's status and, for errors, its body.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

type exchange struct {
	rawQuery string // as sent on the wire
	status   int
	body     string // error bodies only
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	ex := exchange{rawQuery: req.URL.RawQuery}
	if err == nil {
		ex.status = resp.StatusCode
		if resp.StatusCode != http.StatusOK {
			body := drain(resp.Body)
			resp.Body.Close()
			resp.Body = ioNopCloser(body)
			ex.body = body
		}
	}
	r.mu.Lock()
	r.log = append(r.log, ex)
	r.mu.Unlock()
	return resp, err
}

func (r *recorder) logTo(t *testing.T) {
	t.Helper()
	for i, ex := range r.log {
		if i >= 3 && i < len(r.log)-1 {
			if i == 3 {
				t.Logf("  ... %d more requests ...", len(r.log)-4)
			}
			continue
		}
		t.Logf("  request %d: ?%s -> %d %s", i+1, ex.rawQuery, ex.status, ex.body)
	}
}

func ioNopCloser(s string) *nopBody { return &nopBody{strings.NewReader(s)} }

type nopBody struct{ *strings.Reader }

func (nopBody) Close() error { return nil }

// ourClosed lists status=CLOSED with our client: the expected ids.
func ourClosed(t *testing.T, base string, pageSize int) []string {
	t.Helper()
	c := newOurs(t, base, 0, cleanhttp.DefaultPooledTransport())
	res, err := c.ListConversations(context.Background(), intelligence.ConversationFilter{Status: "CLOSED"}, intelligence.ListOptions{PageSize: pageSize})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(res.Items))
	for i, c := range res.Items {
		out[i] = c.ID
		if c.Status != "CLOSED" {
			t.Fatalf("our client returned a %s conversation for status=CLOSED", c.Status)
		}
	}
	t.Logf("our client: %d CLOSED conversations in %d requests of pageSize=%d", len(out), res.Pages, pageSize)
	return out
}

func twilioIDs(items []twintel.ConversationListItem) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = items[i].Id
	}
	return out
}

// compare logs how a twilio-go result relates to ours.
func compare(t *testing.T, got, want []string) {
	t.Helper()
	distinct := map[string]bool{}
	wantSet := map[string]bool{}
	for _, id := range want {
		wantSet[id] = true
	}
	notClosed := 0
	for _, id := range got {
		distinct[id] = true
		if !wantSet[id] {
			notClosed++
		}
	}
	prefix := 0
	for prefix < min(len(got), len(want)) && got[prefix] == want[prefix] {
		prefix++
	}
	t.Logf("twilio-go: %d ids (%d distinct, %d not in our CLOSED result); the first %d equal ours, in order; same list as ours: %v",
		len(got), len(distinct), notClosed, prefix, slices.Equal(got, want))
}

// TestTwilioGoFilteredAsIs: twilio-go as it is, page sizes 1000 and its default 50.
func TestTwilioGoFilteredAsIs(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: twilioN})
	defer srv.Close()
	for _, tc := range []struct {
		name     string
		pageSize *int
	}{{"pageSize=1000", ptr(1000)}, {"default pageSize", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			want := ourClosed(t, srv.URL(), 1000)
			rec := &recorder{next: cleanhttp.DefaultPooledTransport()}
			svc := newTwilio(srv.URL(), false, rec)
			params := (&twintel.ListConversationsParams{}).SetStatus("CLOSED")
			params.PageSize = tc.pageSize
			items, err := svc.ListConversations(params)
			t.Logf("ListConversations: %d items, error: %v", len(items), err)
			rec.logTo(t)
			if err == nil || len(items) != 0 {
				t.Errorf("expected an error and no items (twilio-go v1.31.0 behaviour this file documents); got %d items, error %v", len(items), err)
			}
			if len(rec.log) != 2 || rec.log[0].status != 200 || rec.log[1].status != 400 {
				t.Errorf("expected a 200 then a 400, got %+v", rec.log)
			}

			// StreamConversations hands out the first page before the error.
			params = (&twintel.ListConversationsParams{}).SetStatus("CLOSED")
			params.PageSize = tc.pageSize
			ch, errs := svc.StreamConversations(params)
			var streamed []string
			for item := range ch {
				streamed = append(streamed, item.Id)
			}
			err = <-errs
			t.Logf("StreamConversations: %d items before the error %v", len(streamed), err)
			compare(t, streamed, want)
		})
	}
}

// TestTwilioGoUnfilteredAsIs: without any filter, the second page fails the same way.
func TestTwilioGoUnfilteredAsIs(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: twilioN})
	defer srv.Close()
	rec := &recorder{next: cleanhttp.DefaultPooledTransport()}
	items, err := newTwilio(srv.URL(), false, rec).ListConversations((&twintel.ListConversationsParams{}).SetPageSize(1000))
	t.Logf("ListConversations (no filter, pageSize 1000): %d items, error: %v", len(items), err)
	rec.logTo(t)
	if err == nil {
		t.Error("expected an error")
	}
}

// TestTwilioGoRenamedParams: if the API accepted twilio-go's parameter names and the
// token were escaped, the filters would still be missing from page 2 on: the local API
// refuses a token replayed without the filters it was issued for.
func TestTwilioGoRenamedParams(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: twilioN})
	defer srv.Close()
	rec := &recorder{next: cleanhttp.DefaultPooledTransport()}
	svc := newTwilio(srv.URL(), false, &renameOnly{next: rec})
	items, err := svc.ListConversations((&twintel.ListConversationsParams{}).SetStatus("CLOSED").SetPageSize(1000))
	t.Logf("ListConversations with PageSize/PageToken renamed and the token escaped: %d items, error: %v", len(items), err)
	rec.logTo(t)
	if err == nil {
		t.Error("expected an error")
	}
}

// TestTwilioGoIfUnknownParamsWereIgnored is a simulation, not the local API's behaviour:
// an API that ignored the parameters it does not know would see page 2 as a request with
// no parameters at all, and answer with the first page of the unfiltered list (default
// page size 50) and the same nextToken every time. twilio-go does not notice a repeated
// token, so without a Limit it never stops; with Limit 3000 it returns what is logged.
func TestTwilioGoIfUnknownParamsWereIgnored(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: twilioN})
	defer srv.Close()
	want := ourClosed(t, srv.URL(), 1000)
	rec := &recorder{next: cleanhttp.DefaultPooledTransport()}
	svc := newTwilio(srv.URL(), false, &dropUnknown{next: rec})
	items, err := svc.ListConversations((&twintel.ListConversationsParams{}).SetStatus("CLOSED").SetPageSize(1000).SetLimit(3000))
	t.Logf("simulated lenient API, Limit 3000: %d items, error: %v, %d requests", len(items), err, len(rec.log))
	compare(t, twilioIDs(items), want)
}

// TestTwilioGoRepaired: with pagingRepair (what the benchmarks use) twilio-go returns
// exactly our ids, so the paging URL is the only defect on this path.
func TestTwilioGoRepaired(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: twilioN})
	defer srv.Close()
	for _, size := range []int{1000, 50} {
		want := ourClosed(t, srv.URL(), size)
		rec := &recorder{next: cleanhttp.DefaultPooledTransport()}
		items, err := newTwilio(srv.URL(), true, rec).ListConversations((&twintel.ListConversationsParams{}).SetStatus("CLOSED").SetPageSize(size))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("repaired, pageSize %d: %d requests", size, len(rec.log))
		compare(t, twilioIDs(items), want)
		if !slices.Equal(twilioIDs(items), want) {
			t.Error("the repaired twilio-go listing differs from ours")
		}
	}
}

// TestTwilioGoQueryEncoder: twilio-go's query encoder deletes "." followed by digits from
// every query (client/client.go, delimitingRegex), values included.
func TestTwilioGoQueryEncoder(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 10})
	defer srv.Close()
	rec := &recorder{next: cleanhttp.DefaultPooledTransport()}
	_, err := newTwilio(srv.URL(), false, rec).ListConversations((&twintel.ListConversationsParams{}).SetChannelId("<msg.2026.01@mail.example.com>"))
	t.Logf("SetChannelId(%q): error %v", "<msg.2026.01@mail.example.com>", err)
	rec.logTo(t)
	if len(rec.log) > 0 {
		q, _ := url.ParseQuery(rec.log[0].rawQuery)
		t.Logf("channelId received by the API: %q", q.Get("channelId"))
	}
}

// renameOnly renames PageSize/PageToken to the spec's names and escapes the token, and
// adds nothing else.
type renameOnly struct{ next http.RoundTripper }

func (t *renameOnly) RoundTrip(req *http.Request) (*http.Response, error) {
	raw := req.URL.RawQuery
	i := strings.Index(raw, "PageToken=")
	if i < 0 {
		return t.next.RoundTrip(req)
	}
	size := ""
	if j := strings.Index(raw, "PageSize="); j >= 0 {
		size, _, _ = strings.Cut(raw[j+len("PageSize="):], "&")
	}
	r := req.Clone(req.Context())
	r.URL.RawQuery = url.Values{"pageSize": {size}, "pageToken": {raw[i+len("PageToken="):]}}.Encode()
	return t.next.RoundTrip(r)
}

// dropUnknown removes PageSize and everything after it from twilio-go's later pages, as
// an API that ignores unknown parameters would treat them.
type dropUnknown struct{ next http.RoundTripper }

func (t *dropUnknown) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.Contains(req.URL.RawQuery, "PageToken=") {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.RawQuery = ""
	return t.next.RoundTrip(r)
}

func ptr[T any](v T) *T { return &v }
