package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
//   ours            intelligence.Client.ListConversations, as the provider's Read calls it
//   chain           the same requests one after another, each body read to the end but not
//                   decoded: what a listing costs when decoding is free (chainList)
//   floor           a bare net/http + encoding/json loop: no retries, logging, checks or
//                   de-duplication, the same pages decoded into the same types, sequentially
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

const userAgent = "terraform-provider-twilio/bench"

func newOurs(tb testing.TB, base string, workers int, rt http.RoundTripper) *intelligence.Client {
	tb.Helper()
	c, err := intelligence.New(intelligence.Config{
		BaseURL:    base,
		Username:   intelligencetest.TestAccountSID,
		Password:   intelligencetest.TestAuthToken,
		UserAgent:  userAgent,
		MaxRetries: intelligence.DefaultMaxRetries, // as the provider configures it
		Workers:    workers,
		Transport:  rt,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// listURL is a page's URL as our client builds it: the query (filters and pageSize, keys
// sorted) and, after the first page, the token escaped.
func listURL(base, rawQuery, token string) string {
	u := base + "/v3/Conversations?" + rawQuery
	if token != "" {
		u += "&pageToken=" + url.QueryEscape(token)
	}
	return u
}

// getBody sends one GET with our client's headers and reads the whole body into buf.
func getBody(ctx context.Context, hc *http.Client, u string, buf *bytes.Buffer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.SetBasicAuth(intelligencetest.TestAccountSID, intelligencetest.TestAuthToken)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, buf.Bytes())
	}
	return nil
}

// chainList is the chain limit of a listing: the requests our client sends (the same
// URLs and headers), one after another, each body read to the end into one reused
// buffer and not decoded. It returns the number of pages. To follow the chain it still
// needs each page's token, which it takes the cheapest way that works on these bodies
// (tailToken); that costs microseconds against a page's milliseconds of decoding.
func chainList(ctx context.Context, hc *http.Client, base string, query url.Values) (int, error) {
	q := url.Values{"pageSize": {"1000"}}
	for k, v := range query {
		q[k] = v
	}
	rawQuery := q.Encode()
	var buf bytes.Buffer
	token := ""
	for pages := 1; ; pages++ {
		if err := getBody(ctx, hc, listURL(base, rawQuery, token), &buf); err != nil {
			return pages, err
		}
		next, err := tailToken(buf.Bytes())
		if err != nil {
			return pages, err
		}
		if next == "" {
			return pages, nil
		}
		token = next
	}
}

// tailToken finds meta.nextToken in a list body laid out as the local API writes it,
// compact with "meta" last: the last "meta" key is searched from the end (a few hundred
// bytes), then "nextToken" after it, and only that string literal is unquoted. "" when
// the page has no token (the last page).
func tailToken(body []byte) (string, error) {
	i := bytes.LastIndex(body, []byte(`"meta":`))
	if i < 0 {
		return "", errors.New(`no "meta" in the body`)
	}
	tail := body[i:]
	j := bytes.Index(tail, []byte(`"nextToken":"`))
	if j < 0 {
		return "", nil
	}
	lit := tail[j+len(`"nextToken":`):]
	end := 1
	for end < len(lit) && lit[end] != '"' {
		if lit[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(lit) {
		return "", errors.New("unterminated nextToken")
	}
	lit = lit[:end+1]
	if !bytes.ContainsRune(lit, '\\') {
		return string(lit[1:end]), nil
	}
	var token string
	err := json.Unmarshal(lit, &token)
	return token, err
}

// floorList is the least work that lists every conversation, decoded: the same
// requests, one after another, decoded by encoding/json into the same types, the page's
// item slice reused (cleared first, as it must be: encoding/json reuses the elements'
// slices, and leaves a field absent from the body, such as the last page's nextToken, as
// it was) and the items appended to the result.
func floorList(ctx context.Context, hc *http.Client, base string) ([]intelligence.Conversation, int, error) {
	var (
		out   []intelligence.Conversation
		page  intelligence.Page[intelligence.Conversation]
		buf   bytes.Buffer
		token string
	)
	for pages := 1; ; pages++ {
		if err := getBody(ctx, hc, listURL(base, "pageSize=1000", token), &buf); err != nil {
			return nil, pages, err
		}
		clear(page.Items[:cap(page.Items)])
		page.Items = page.Items[:0]
		page.Meta = intelligence.PageMeta{}
		if err := json.Unmarshal(buf.Bytes(), &page); err != nil {
			return nil, pages, err
		}
		out = append(out, page.Items...)
		if token = page.Meta.NextToken; token == "" {
			return out, pages, nil
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

// ref is what a listing of everything must return: its ids, in order, and its pages.
type ref struct {
	ids   idHash
	pages int
}

// reference lists everything with the floor once per local API, outside any timing.
var (
	refMu sync.Mutex
	refs  = map[string]ref{}
)

func reference(tb testing.TB, base string) ref {
	tb.Helper()
	refMu.Lock()
	defer refMu.Unlock()
	if r, ok := refs[base]; ok {
		return r
	}
	convs, pages, err := floorList(withTimeout(tb, 5*time.Minute), &http.Client{Transport: cleanhttp.DefaultPooledTransport()}, base)
	if err != nil {
		tb.Fatal(err)
	}
	refs[base] = ref{ids: hashOurs(convs), pages: pages}
	return refs[base]
}

// drain reads a response body to the end, for tests that record bodies.
func drain(r io.Reader) string {
	b, _ := io.ReadAll(r)
	return string(b)
}
