package intelligencetest

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// collection is one resource's items in API order: key descending, then id ascending.
// It serves them as pages of GET <path> and fetches them by id. Items are never changed
// or removed once added, so a page token is a cursor naming the item the page starts
// after, and adding items between pages neither repeats nor skips any.
type collection[T any] struct {
	mu    sync.RWMutex
	items []*entry[T]
	byID  map[string]*entry[T]
}

type entry[T any] struct {
	id  string
	key int64 // createdAt in Unix nanoseconds, a version number, or 0 to order by id alone
	v   T
}

// compare orders entries in API order.
func (e *entry[T]) compare(o *entry[T]) int {
	return cmp.Or(cmp.Compare(o.key, e.key), strings.Compare(e.id, o.id))
}

// add inserts v in API order; it fails when the id exists.
func (c *collection[T]) add(id string, key int64, v T) error {
	e := &entry[T]{id: id, key: key, v: v}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.byID[id]; dup {
		return fmt.Errorf("%s already exists", id)
	}
	if c.byID == nil {
		c.byID = map[string]*entry[T]{}
	}
	i, _ := slices.BinarySearchFunc(c.items, e, (*entry[T]).compare)
	c.items = slices.Insert(c.items, i, e)
	c.byID[id] = e
	return nil
}

// seed adds es, sorted first so that each one goes at the end.
func (c *collection[T]) seed(es []*entry[T]) {
	slices.SortFunc(es, (*entry[T]).compare)
	for _, e := range es {
		must(c.add(e.id, e.key, e.v))
	}
}

func (c *collection[T]) get(id string) (*T, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	return &e.v, true
}

// all returns the items in API order. They must not be modified.
func (c *collection[T]) all() []*T {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*T, len(c.items))
	for i, e := range c.items {
		out[i] = &e.v
	}
	return out
}

// fetch returns the builder of GET <path> for the item id: the item, or a 404.
func (c *collection[T]) fetch(path, id string, view func(*T) any) builder {
	return func(FaultKind) response {
		v, found := c.get(id)
		if !found {
			return notFound(path)
		}
		return ok(view(v))
	}
}

// A filterFunc validates the filter parameters of one list endpoint (every parameter but
// pageSize and pageToken, each already known, non-empty and single unless an array) and
// returns the items they select and the canonical form of the filter: equal for queries
// that select the same items however they are spelled.
type filterFunc[T any] func(q url.Values) (match func(*T) bool, key string, err *apiError)

func noFilter[T any](url.Values) (func(*T) bool, string, *apiError) {
	return func(*T) bool { return true }, "", nil
}

func asIs[T any](v *T) any { return v }

const (
	pPageSize  = "pageSize"
	pPageToken = "pageToken"
)

// list validates a list request: params says which filter parameters the endpoint takes
// (true for an array, sent as repeated keys), and the real API's behavior for any other
// is undocumented, so they are refused: a typo silently ignored would return unfiltered
// data. It returns the page's builder and whether the request carried a pageToken.
func (c *collection[T]) list(path string, q url.Values, params map[string]bool, parse filterFunc[T], view func(*T) any) (builder, bool, *apiError) {
	for _, name := range sortedKeys(q) { // in name order, so the first problem is stable
		vals := q[name]
		isArray, known := params[name]
		if name == pPageSize || name == pPageToken {
			isArray, known = false, true
		}
		switch {
		case !known:
			return nil, false, badParam(name, "unknown query parameter")
		case !isArray && len(vals) > 1:
			return nil, false, badParam(name, "given %d times; it takes a single value", len(vals))
		case slices.Contains(vals, ""):
			return nil, false, badParam(name, "must not be empty")
		}
	}
	size := intelligence.DefaultAPIPageSize
	if v := q.Get(pPageSize); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > intelligence.MaxPageSize {
			return nil, false, badParam(pPageSize, "must be an integer from 1 to %d, got %q", intelligence.MaxPageSize, v)
		}
		size = n
	}
	match, key, apiErr := parse(q)
	if apiErr != nil {
		return nil, false, apiErr
	}
	sum := sha256.Sum256([]byte(path + "?" + key + "&pageSize=" + strconv.Itoa(size)))
	p := &pager[T]{c: c, bind: hex.EncodeToString(sum[:8]), size: size, match: match, view: view}
	if p.token = q.Get(pPageToken); p.token != "" {
		var valid bool
		p.cur, valid = decodeToken(p.token, p.bind)
		if valid && p.cur.anchor != "" {
			_, valid = c.get(p.cur.anchor)
		}
		if !valid {
			return nil, false, errBadToken
		}
	}
	return p.page, p.token != "", nil
}

// cursor is where a page starts: after the anchor, or for previousToken (back) before
// it; no anchor is the start of the list. n tells apart tokens to the same place.
type cursor struct {
	back   bool
	anchor string
	n      uint32
}

// freshTokens tells apart tokens to the same place (FaultEmptyPageWithToken).
var freshTokens atomic.Uint32

// tokenSuffix ends every token. It holds characters that must be escaped in a query
// (+ / = & ?), whatever the base64 payload happens to contain, so that a client that does
// not escape the token breaks on the first page rather than on a rare one.
const tokenSuffix = "+/=&?"

// A page token is the cursor and a digest of the query it was issued for (path, canonical
// filter, pageSize), so that a token replayed with other filters or another pageSize is a
// 400 instead of a silently different result set.
func encodeToken(bind string, c cursor) string {
	dir := "next"
	if c.back {
		dir = "prev"
	}
	raw := strings.Join([]string{bind, dir, c.anchor, strconv.FormatUint(uint64(c.n), 10)}, "\n")
	return base64.StdEncoding.EncodeToString([]byte(raw)) + tokenSuffix
}

func decodeToken(tok, bind string) (cursor, bool) {
	payload, hasSuffix := strings.CutSuffix(tok, tokenSuffix)
	raw, err := base64.StdEncoding.Strict().DecodeString(payload)
	parts := strings.Split(string(raw), "\n")
	if !hasSuffix || err != nil || len(parts) != 4 || parts[0] != bind {
		return cursor{}, false
	}
	n, err := strconv.ParseUint(parts[3], 10, 32)
	c := cursor{back: parts[1] == "prev", anchor: parts[2], n: uint32(n)}
	return c, err == nil && (parts[1] == "next" || c.back && c.anchor != "")
}

// errBadToken is the one answer to any token the server will not honor. It does not say
// why (garbled, or issued for another query), as real APIs do not either; the hint covers
// the likely client bug.
var errBadToken = &apiError{
	status:  http.StatusBadRequest,
	message: "Invalid parameter 'pageToken': invalid pageToken (a token is only valid with the exact query parameters, including pageSize, of the request that returned it)",
	param:   pPageToken,
}

// pager is a validated list request.
type pager[T any] struct {
	c     *collection[T]
	bind  string
	size  int
	match func(*T) bool
	view  func(*T) any
	token string // as received, "" on the first page
	cur   cursor
}

// scan returns the positions of up to n matching items, walking from i by step.
func (p *pager[T]) scan(items []*entry[T], i, step, n int) []int {
	var out []int
	for ; i >= 0 && i < len(items) && len(out) < n; i += step {
		if p.match(&items[i].v) {
			out = append(out, i)
		}
	}
	return out
}

// page builds the page; kind is the list-level fault to play, if any.
func (p *pager[T]) page(kind FaultKind) response {
	p.c.mu.RLock()
	items := p.c.items
	pos := 0 // the first position the page may hold, or for a backward page, the one after it
	if p.cur.anchor != "" {
		pos, _ = slices.BinarySearchFunc(items, p.c.byID[p.cur.anchor], (*entry[T]).compare)
		if !p.cur.back {
			pos++
		}
	}
	var idx []int
	switch {
	case kind == FaultEmptyPageWithToken:
	case kind == FaultDuplicateItems && !p.cur.back:
		// What offset paging does when items arrive between two requests: the page starts
		// with the last items of the one before, and the client still gets a full page.
		idx = p.scan(items, pos-1, -1, 2)
		slices.Reverse(idx)
		idx = append(idx, p.scan(items, pos, 1, max(p.size-len(idx), 1))...)
	case p.cur.back:
		idx = p.scan(items, pos-1, -1, p.size)
		slices.Reverse(idx)
	default:
		idx = p.scan(items, pos, 1, p.size)
	}

	meta := intelligence.PageMeta{Key: "items", PageSize: len(idx)}
	switch {
	case kind == FaultEmptyPageWithToken:
		// A fresh token for the place the client is at: a client that only looks for
		// repeated tokens keeps going; one that bounds empty pages stops.
		c := p.cur
		c.n = freshTokens.Add(1)
		meta.NextToken = encodeToken(p.bind, c)
	case kind == FaultRepeatToken:
		meta.NextToken = p.token
	case len(idx) > 0 && len(p.scan(items, idx[len(idx)-1]+1, 1, 1)) > 0:
		meta.NextToken = encodeToken(p.bind, cursor{anchor: items[idx[len(idx)-1]].id})
	}
	if len(idx) > 0 && len(p.scan(items, idx[0]-1, -1, 1)) > 0 {
		meta.PreviousToken = encodeToken(p.bind, cursor{back: true, anchor: items[idx[0]].id})
	}
	page := make([]any, len(idx))
	for i, at := range idx {
		page[i] = p.view(&items[at].v)
	}
	p.c.mu.RUnlock()

	switch kind {
	case FaultMissingItems:
		return ok(struct {
			Meta intelligence.PageMeta `json:"meta"`
		}{meta})
	case FaultItemsNotList:
		return ok(struct {
			Items struct{}              `json:"items"`
			Meta  intelligence.PageMeta `json:"meta"`
		}{struct{}{}, meta})
	}
	return ok(struct {
		Items []any                 `json:"items"`
		Meta  intelligence.PageMeta `json:"meta"`
	}{page, meta})
}
