package intelligence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// maxEmptyPagesWithToken is how many pages in a row may come back empty yet promise more
// before the listing stops: one or two can happen while the API catches up, an endless
// run is a loop.
const maxEmptyPagesWithToken = 3

// pageStream reads the pages of one query in order. It is not safe for concurrent use;
// the windowed listing gives each window its own.
type pageStream struct {
	client     *Client
	query      url.Values
	seenTokens map[string]struct{}
	emptyRun   int
	next       string
	done       bool
}

func (c *Client) newPageStream(f ListFilter, pageSize int) *pageStream {
	return &pageStream{client: c, query: f.query(pageSize), seenTokens: map[string]struct{}{}}
}

// fetch reads the next page into page (reusing its item slice) and reports whether more
// pages follow.
func (s *pageStream) fetch(ctx context.Context, page *Page) (more bool, err error) {
	if s.done {
		return false, nil
	}
	u := s.pageURL()
	if err := s.client.get(ctx, u, func(body []byte) error { return decodePage(body, page) }); err != nil {
		return false, err
	}
	token := page.Meta.NextToken
	if token == "" {
		s.done = true
		return false, nil
	}
	if _, seen := s.seenTokens[token]; seen {
		return false, fmt.Errorf("the API returned page token %q a second time: the listing would loop forever, so it stopped", excerpt([]byte(token)))
	}
	s.seenTokens[token] = struct{}{}
	if len(page.Items) == 0 {
		s.emptyRun++
		if s.emptyRun > maxEmptyPagesWithToken {
			return false, fmt.Errorf("the API returned %d empty pages in a row that each promised another page: the listing stopped instead of looping", s.emptyRun)
		}
	} else {
		s.emptyRun = 0
	}
	s.next = token
	return true, nil
}

// pageURL is the next page's URL: the same filters and page size on every page, plus
// the token, escaped (tokens hold + / = and the like).
func (s *pageStream) pageURL() *url.URL {
	u := s.client.endpoint("/v3/Conversations")
	if s.next == "" {
		u.RawQuery = s.query.Encode()
		return u
	}
	q := make(url.Values, len(s.query)+1)
	for k, v := range s.query {
		q[k] = v
	}
	q.Set("pageToken", s.next)
	u.RawQuery = q.Encode()
	return u
}

// Pages are decoded with the implementation of encoding/json/v2 (still behind
// GOEXPERIMENT in Go 1.26): decoding is nearly all of a listing's CPU, and it decodes a
// 1000-conversation page about 1.9 times faster than encoding/json with fewer allocations
// (BENCHMARKS.md). The options keep encoding/json's tolerance: invalid UTF-8 becomes U+FFFD
// (Terraform strings must be valid UTF-8) and a repeated member does not fail the page.
// Member names match exactly, as the spec writes them.
var decodeOptions = jsonv2.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))

// decodePage decodes a ListConversations body into page, reusing its item slice, and
// checks the shape the spec requires so that a proxy's {} is an error, not an empty result.
func decodePage(body []byte, page *Page) error {
	// The decoder zeroes each reused element before filling it, so nothing of the
	// previous page survives in this one (FuzzDecodePage checks it).
	page.Items = page.Items[:0]
	var meta *PageMeta
	shape := struct {
		Items *[]Conversation `json:"items"`
		Meta  **PageMeta      `json:"meta"`
	}{Items: &page.Items, Meta: &meta}
	if err := jsonv2.Unmarshal(body, &shape, decodeOptions); err != nil {
		return err
	}
	if shape.Items == nil || (len(page.Items) == 0 && !hasItemsList(body)) {
		return errors.New(`the required "items" list is missing or null`)
	}
	if meta == nil {
		return errors.New(`the required "meta" object is missing or null`)
	}
	page.Meta = *meta
	for i := range page.Items {
		if page.Items[i].ID == "" {
			return fmt.Errorf("item %d has no id", i)
		}
	}
	return nil
}

// hasItemsList tells "items": [] from a missing "items", which decode to the same empty
// slice when it is reused. Only empty pages pay for this second, small decode.
func hasItemsList(body []byte) bool {
	var probe struct {
		Items json.RawMessage `json:"items"`
	}
	return json.Unmarshal(body, &probe) == nil && len(probe.Items) > 0 && probe.Items[0] == '['
}

func (c *Client) endpoint(path string) *url.URL {
	u := *c.base
	u.Path = c.base.Path + path
	return &u
}
