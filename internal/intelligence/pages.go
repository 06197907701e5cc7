package intelligence

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Page is the envelope of every list response.
type Page[T any] struct {
	Items []T      `json:"items"`
	Meta  PageMeta `json:"meta"`
}

// PageMeta describes one page; the last page has no NextToken.
type PageMeta struct {
	Key           string `json:"key"`
	PageSize      int    `json:"pageSize"`
	NextToken     string `json:"nextToken,omitempty"`
	PreviousToken string `json:"previousToken,omitempty"`
}

// maxEmptyPagesWithToken is how many pages in a row may come back empty yet promise more
// before the listing stops: one or two can happen while the API catches up, an endless
// run is a loop.
const maxEmptyPagesWithToken = 3

// ErrPagingLoop matches (with errors.Is) a listing stopped because the API's page tokens
// would have made it loop forever.
var ErrPagingLoop = errors.New("the API's paging would loop forever")

// pageStream reads the pages of one query in order. Each page's token is read from the
// end of its body first, so the next page is already on its way while this one is
// decoded: a listing then costs about one round trip per page rather than a round trip
// plus a decode (BenchmarkListConversations in benchmarks/ measures it). It is not safe
// for concurrent use; the windowed listing gives each window its own.
type pageStream[T any, P listItem[T]] struct {
	l        *listing[T, P]
	rawQuery string // filters and pageSize, the same on every page
	// read counts the items so far: once the pages read may hold MaxResults, the next
	// page is no longer requested ahead.
	read       int
	reuse      bool // decode every page into the same slice (the caller copies items out)
	items      []T
	seenTokens map[string]struct{}
	emptyRun   int
	token      string // the next page's token when it was not requested ahead
	ahead      *pageAhead
	done       bool
}

// pageAhead is a page requested before the previous one was decoded.
type pageAhead struct {
	token  string
	cancel context.CancelFunc
	done   chan struct{}
	body   *body
	err    error
}

func (l *listing[T, P]) stream(query url.Values) *pageStream[T, P] {
	return &pageStream[T, P]{l: l, rawQuery: query.Encode(), seenTokens: map[string]struct{}{}}
}

// next returns the next page's items, and whether more pages follow. With reuse set, the
// items are only valid until the following call.
func (s *pageStream[T, P]) next(ctx context.Context) (items []T, more bool, err error) {
	if s.done {
		return nil, false, nil
	}
	b, err := s.receive(ctx)
	if err != nil {
		s.done = true
		return nil, false, err
	}
	s.l.pages.Add(1)
	if token, ok := scanNextToken(b.bytes()); ok && token != "" && s.wantsMore() {
		if _, seen := s.seenTokens[token]; !seen {
			s.requestAhead(ctx, token)
		}
	}
	page := Page[T]{}
	if s.reuse {
		page.Items = s.items
	}
	err = decodePage[T, P](b.bytes(), &page)
	if err != nil {
		err = b.decodeError(err)
	}
	b.release()
	if err == nil {
		err = s.accept(page)
	}
	if err != nil {
		s.done = true
		s.close()
		return nil, false, err
	}
	if s.reuse {
		s.items = page.Items
	}
	return page.Items, !s.done, nil
}

// receive waits for the page requested ahead, or requests the next one now.
func (s *pageStream[T, P]) receive(ctx context.Context) (*body, error) {
	if a := s.ahead; a != nil {
		s.ahead = nil
		<-a.done
		a.cancel()
		return a.body, a.err
	}
	return s.l.client.fetch(ctx, s.pageURL(s.token))
}

func (s *pageStream[T, P]) wantsMore() bool {
	want := s.l.opts.MaxResults
	return want == 0 || s.read+s.l.opts.pageSize() < want
}

func (s *pageStream[T, P]) requestAhead(ctx context.Context, token string) {
	ctx, cancel := context.WithCancel(ctx)
	a := &pageAhead{token: token, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(a.done)
		a.body, a.err = s.l.client.fetch(ctx, s.pageURL(token))
	}()
	s.ahead = a
}

// accept checks the decoded page's token against the paging rules and notes where the
// next page is.
func (s *pageStream[T, P]) accept(page Page[T]) error {
	s.read += len(page.Items)
	token := page.Meta.NextToken
	if s.ahead != nil && s.ahead.token != token {
		s.close() // the scan misread the token: the decoder's is the one to follow
	}
	if token == "" {
		s.done = true
		return nil
	}
	if _, seen := s.seenTokens[token]; seen {
		// The token is not quoted: it encodes the query, filter values included.
		return fmt.Errorf("%w: a page token came a second time", ErrPagingLoop)
	}
	s.seenTokens[token] = struct{}{}
	if len(page.Items) == 0 {
		s.emptyRun++
		if s.emptyRun > maxEmptyPagesWithToken {
			return fmt.Errorf("%w: %d empty pages in a row each promised another page", ErrPagingLoop, s.emptyRun)
		}
	} else {
		s.emptyRun = 0
	}
	s.token = token
	return nil
}

// close abandons the page requested ahead, if any.
func (s *pageStream[T, P]) close() {
	if a := s.ahead; a != nil {
		s.ahead = nil
		a.cancel()
		<-a.done
		a.body.release()
	}
}

// pageURL is a page's URL: the same filters and page size on every page, plus the
// token, escaped (tokens hold + / = and the like).
func (s *pageStream[T, P]) pageURL(token string) *url.URL {
	u := s.l.client.endpoint(s.l.path...)
	u.RawQuery = s.rawQuery
	if token != "" {
		u.RawQuery += "&pageToken=" + url.QueryEscape(token)
	}
	return u
}

// scanNextToken reads meta.nextToken without decoding the items: it looks for the last
// "meta" member and accepts it only when nothing but the closing brace of the whole body
// follows its value, which makes it the top-level member (a "meta" key nested in an item
// is followed by the closing brackets of the item and the list). ok is false when the
// body is not laid out that way; the decoder then has the last word.
func scanNextToken(body []byte) (token string, ok bool) {
	const key = `"meta"`
	i := bytes.LastIndex(body, []byte(key))
	if i <= 0 || body[i-1] == '\\' {
		return "", false
	}
	rest := bytes.TrimLeft(body[i+len(key):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return "", false
	}
	dec := jsontext.NewDecoder(bytes.NewReader(rest[1:]))
	value, err := dec.ReadValue()
	if err != nil || value.Kind() != '{' {
		return "", false
	}
	if tail := bytes.TrimSpace(rest[1+dec.InputOffset():]); len(tail) != 1 || tail[0] != '}' {
		return "", false
	}
	var meta PageMeta
	if jsonv2.Unmarshal(value, &meta, decodeOptions) != nil {
		return "", false
	}
	return meta.NextToken, true
}

// Pages are decoded with the implementation of encoding/json/v2 (still behind
// GOEXPERIMENT in Go 1.26): decoding is nearly all of a listing's CPU, and it is faster
// than encoding/json with fewer allocations (BenchmarkDecodePage). The options keep
// encoding/json's tolerance: invalid UTF-8 becomes U+FFFD (Terraform strings must be
// valid UTF-8) and a repeated member does not fail the page. Member names match
// exactly, as the spec writes them.
var decodeOptions = jsonv2.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))

// Errors of a body that decodes but is not the shape the spec requires.
var (
	errItemsMissing = errors.New(`the required "items" list is missing or null`)
	errMetaMissing  = errors.New(`the required "meta" object is missing or null`)
	errNoKey        = errors.New("an item lacks the field that identifies it (id, or version for operator versions)")
)

// decodePage decodes a list body into page, reusing its item slice, and checks the shape
// the spec requires so that a proxy's {} is an error, not an empty result.
func decodePage[T any, P listItem[T]](body []byte, page *Page[T]) error {
	// The decoder zeroes each reused element before filling it, so nothing of the
	// previous page survives in this one (FuzzDecodePage checks it).
	page.Items = page.Items[:0]
	var meta *PageMeta
	shape := struct {
		Items *[]T       `json:"items"`
		Meta  **PageMeta `json:"meta"`
	}{Items: &page.Items, Meta: &meta}
	if err := jsonv2.Unmarshal(body, &shape, decodeOptions); err != nil {
		return err
	}
	if shape.Items == nil || (len(page.Items) == 0 && !hasItemsList(body)) {
		return errItemsMissing
	}
	if meta == nil {
		return errMetaMissing
	}
	page.Meta = *meta
	for i := range page.Items {
		if P(&page.Items[i]).listKey() == "" {
			return fmt.Errorf("item %d: %w", i, errNoKey)
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
