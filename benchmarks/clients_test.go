package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	twclient "github.com/twilio/twilio-go/client"
	twintel "github.com/twilio/twilio-go/rest/intelligence/v3"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The clients compared, all listing every conversation of a local API process:
//
//   ours-collect    intelligence.Client.Collect, as the provider's Read calls it
//   ours-list       intelligence.Client.List, the iterator, consumed without keeping items
//   floor           a bare net/http + encoding/json loop: no retries, logging, checks or
//                   de-duplication, the same pages and the same decoding into the same types
//   twilio-default  twilio-go v1.31.0 ListConversations with its defaults (page size 50)
//   twilio-best     the same with SetPageSize(1000)
//
// twilio-go sends every request to https://intelligence.twilio.com (the ApiService's
// baseURL is fixed); hostRewrite sends it to the local API instead. Its pages after the
// first are refused by the local API (see twiliogo_test.go), so for timing the benchmarks
// put pagingRepair between it and the network: it rewrites those requests into what the
// spec asks (see pagingRepair), which costs one URL parse and one query encode per page.

// countingTransport counts the HTTP requests (attempts, retries included) a client sends.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(req)
}

func newCounting() *countingTransport {
	return &countingTransport{next: cleanhttp.DefaultPooledTransport()}
}

func newOurs(tb testing.TB, base string, workers int, rt http.RoundTripper) *intelligence.Client {
	tb.Helper()
	c, err := intelligence.New(intelligence.Config{
		BaseURL:    base,
		Username:   intelligencetest.TestAccountSID,
		Password:   intelligencetest.TestAuthToken,
		UserAgent:  "terraform-provider-twilio/bench",
		MaxRetries: intelligence.DefaultMaxRetries, // as the provider configures it
		Workers:    workers,
		Transport:  rt,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// floorCollect is the least work that lists every conversation: the same requests (page
// size 1000, token escaped) decoded by encoding/json into the same types, the page's item
// slice reused (cleared first, as it must be: encoding/json reuses the elements' slices,
// and leaves a field absent from the body, such as the last page's nextToken, as it was)
// and the items appended to the result.
func floorCollect(ctx context.Context, hc *http.Client, base string) ([]intelligence.Conversation, error) {
	var (
		out   []intelligence.Conversation
		page  intelligence.Page
		buf   bytes.Buffer
		token string
	)
	for {
		u := base + "/v3/Conversations?pageSize=1000"
		if token != "" {
			u += "&pageToken=" + url.QueryEscape(token)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		req.SetBasicAuth(intelligencetest.TestAccountSID, intelligencetest.TestAuthToken)
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		buf.Reset()
		_, err = buf.ReadFrom(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, buf.Bytes())
		}
		clear(page.Items[:cap(page.Items)])
		page.Items = page.Items[:0]
		page.Meta = intelligence.PageMeta{} // the last page has no nextToken: do not keep the previous one
		if err := json.Unmarshal(buf.Bytes(), &page); err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if token = page.Meta.NextToken; token == "" {
			return out, nil
		}
	}
}

// hostRewrite sends twilio-go's requests, addressed to the real API's host, to the local
// API, and refuses anything it cannot rewrite so that nothing ever leaves the machine.
type hostRewrite struct {
	target *url.URL
	next   http.RoundTripper
}

func (t *hostRewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "intelligence.twilio.com" {
		return nil, fmt.Errorf("benchmarks: refusing a request to %q", req.URL.Host)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.target.Scheme, t.target.Host, ""
	return t.next.RoundTrip(r)
}

// pagingRepair rewrites the requests twilio-go sends for pages after the first, which
// have the form ?PageSize=N&PageToken=<token, not escaped> and no filters
// (client/page_util.go buildTokenUrl), into ?pageSize=N&pageToken=<escaped>&<the filters
// of the last first-page request>. The raw token is everything after "PageToken=": the
// local API's tokens end in "+/=&?", so the query cannot be parsed as it is.
type pagingRepair struct {
	next http.RoundTripper

	mu      sync.Mutex
	filters url.Values
}

func (t *pagingRepair) RoundTrip(req *http.Request) (*http.Response, error) {
	raw := req.URL.RawQuery
	i := strings.Index(raw, "PageToken=")
	if i < 0 {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return nil, err
		}
		q.Del("pageSize")
		q.Del("pageToken")
		t.mu.Lock()
		t.filters = q
		t.mu.Unlock()
		return t.next.RoundTrip(req)
	}
	token := raw[i+len("PageToken="):]
	size := ""
	if j := strings.Index(raw, "PageSize="); j >= 0 {
		size, _, _ = strings.Cut(raw[j+len("PageSize="):], "&")
	}
	t.mu.Lock()
	q := make(url.Values, len(t.filters)+2)
	for k, v := range t.filters {
		q[k] = v
	}
	t.mu.Unlock()
	q.Set("pageSize", size)
	q.Set("pageToken", token)
	r := req.Clone(req.Context())
	r.URL.RawQuery = q.Encode()
	return t.next.RoundTrip(r)
}

// newTwilio builds twilio-go's Intelligence v3 service the way twilio.NewRestClient does
// (a client.Client with its credentials; its default http.Client has a 10 s timeout, no
// redirects and http.DefaultTransport), with the transport replaced by next wrapped in
// hostRewrite (and pagingRepair when repair is set).
func newTwilio(base string, repair bool, next http.RoundTripper) *twintel.ApiService {
	target, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	var rt http.RoundTripper = &hostRewrite{target: target, next: next}
	if repair {
		rt = &pagingRepair{next: rt}
	}
	c := &twclient.Client{
		Credentials: twclient.NewCredentials(intelligencetest.TestAccountSID, intelligencetest.TestAuthToken),
		HTTPClient: &http.Client{
			Transport:     rt,
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	c.SetAccountSid(intelligencetest.TestAccountSID)
	return twintel.NewApiServiceWithClient(c)
}

// idHash is an order-dependent digest of a list of ids, so the benchmarks can check every
// result against the reference without keeping a copy of it.
type idHash struct {
	h uint64
	n int
}

var hashSeed = maphash.MakeSeed()

func (d *idHash) add(id string) {
	d.h = d.h*1_000_003 ^ maphash.String(hashSeed, id)
	d.n++
}

func hashOurs(convs []intelligence.Conversation) idHash {
	var d idHash
	for i := range convs {
		d.add(convs[i].ID)
	}
	return d
}

func hashTwilio(items []twintel.ConversationListItem) idHash {
	var d idHash
	for i := range items {
		d.add(items[i].Id)
	}
	return d
}

// reference lists everything with the floor once, outside any timing.
var (
	refMu sync.Mutex
	refs  = map[string]idHash{}
)

func reference(tb testing.TB, base string) idHash {
	tb.Helper()
	refMu.Lock()
	defer refMu.Unlock()
	if d, ok := refs[base]; ok {
		return d
	}
	convs, err := floorCollect(withTimeout(tb, 5*time.Minute), &http.Client{Transport: cleanhttp.DefaultPooledTransport()}, base)
	if err != nil {
		tb.Fatal(err)
	}
	refs[base] = hashOurs(convs)
	return refs[base]
}

// drain reads a response body to the end, for tests that record bodies.
func drain(r io.Reader) string {
	b, _ := io.ReadAll(r)
	return string(b)
}
