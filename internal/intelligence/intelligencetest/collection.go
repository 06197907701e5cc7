package intelligencetest

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// collection is one resource's items in API order, listed in pages and fetched by id.
// Items never change once added: a page token names the item its page starts after.
type collection[T any] struct {
	mu    sync.RWMutex
	items []*T
	byID  map[string]*T
	id    func(*T) string
	order func(a, b *T) int
}

// newCollection orders items by order, or without one by id.
func newCollection[T any](id func(*T) string, order func(a, b *T) int) *collection[T] {
	if order == nil {
		order = func(a, b *T) int { return strings.Compare(id(a), id(b)) }
	}
	return &collection[T]{byID: map[string]*T{}, id: id, order: order}
}

// newestFirst is the API order of dated items: newest first, then by id.
func newestFirst(ta, tb time.Time, ida, idb string) int {
	if c := tb.Compare(ta); c != 0 {
		return c
	}
	return strings.Compare(ida, idb)
}

// add inserts vs in API order; it fails on an id that exists. Sorted first, many append.
func (c *collection[T]) add(vs ...*T) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	slices.SortFunc(vs, c.order)
	for _, v := range vs {
		if _, dup := c.byID[c.id(v)]; dup {
			return fmt.Errorf("%s already exists", c.id(v))
		}
		i, _ := slices.BinarySearchFunc(c.items, v, c.order)
		c.items = slices.Insert(c.items, i, v)
		c.byID[c.id(v)] = v
	}
	return nil
}

func (c *collection[T]) get(id string) (*T, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, found := c.byID[id]
	return v, found
}

// fetch builds the answer to GET path for the item id: the item, or a 404.
func (c *collection[T]) fetch(path, id string, view func(*T) any) builder {
	return func(FaultKind) *response {
		if v, found := c.get(id); found {
			return ok(view(v))
		}
		return notFound(path)
	}
}

// all returns the items in API order, not to be modified.
func (c *collection[T]) all() []*T {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Clone(c.items)
}

// copies returns copies of the items in API order, as view serves them.
func copies[W, T any](c *collection[T], view func(*T) any) []W {
	all := c.all()
	out := make([]W, len(all))
	for i, v := range all {
		out[i] = clone[W](view(v))
	}
	return out
}

func asIs[T any](v *T) any { return v }

// A param is a list's filter parameter: one value, or repeated keys for an array, each in
// enum, matching pattern, or a date-time: RFC 3339 with a zone, never ambiguous.
type param struct {
	array    bool
	enum     []string
	pattern  *regexp.Regexp
	dateTime bool
}

// A filterFunc checks what one parameter cannot (a range) and returns what q selects. It may
// make values canonical (instants in UTC): a token is bound to what its query selects.
type filterFunc[T any] func(q url.Values) (func(*T) bool, *response)

func everything[T any](url.Values) (func(*T) bool, *response) {
	return func(*T) bool { return true }, nil
}

// list validates a list request. Parameters but pageSize, pageToken and params are
// refused: the real API's handling of them is undocumented, and a typo silently ignored
// would return unfiltered data.
func (c *collection[T]) list(path string, q url.Values, params map[string]param, filter filterFunc[T], view func(*T) any) (builder, bool, *response) {
	for _, name := range slices.Sorted(maps.Keys(q)) { // in name order, so that the first problem is stable
		p, known := params[name]
		switch {
		case !known && name != "pageSize" && name != "pageToken":
			return nil, false, badParam(name, "unknown query parameter")
		case !p.array && len(q[name]) > 1:
			return nil, false, badParam(name, "given %d times; it takes a single value", len(q[name]))
		}
		for _, v := range q[name] {
			switch {
			case v == "":
				return nil, false, badParam(name, "must not be empty")
			case p.enum != nil && !slices.Contains(p.enum, v):
				return nil, false, badParam(name, "%q is not one of %s", v, strings.Join(p.enum, ", "))
			case p.pattern != nil && !p.pattern.MatchString(v):
				return nil, false, badParam(name, "%q does not match %s", v, p.pattern)
			case p.dateTime && !isDateTime(v):
				return nil, false, badParam(name, "must be an RFC 3339 date-time with a time zone, such as 2026-01-15T10:30:00Z, got %q", v)
			}
		}
		slices.Sort(q[name])
		q[name] = slices.Compact(q[name])
	}
	size, err := strconv.Atoi(cmp.Or(q.Get("pageSize"), strconv.Itoa(intelligence.DefaultAPIPageSize)))
	if err != nil || size < 1 || size > intelligence.MaxPageSize {
		return nil, false, badParam("pageSize", "must be an integer from 1 to %d, got %q", intelligence.MaxPageSize, q.Get("pageSize"))
	}
	match, bad := filter(q)
	if bad != nil {
		return nil, false, bad
	}
	token := q.Get("pageToken")
	q.Del("pageToken")
	q.Set("pageSize", strconv.Itoa(size))
	sum := sha256.Sum256([]byte(path + "?" + q.Encode()))
	p := &pager[T]{c: c, bind: hex.EncodeToString(sum[:8]), size: size, match: match, view: view, token: token}
	if token != "" && !p.decode(token) {
		return nil, false, badParam("pageToken", "invalid pageToken (a token is only valid with the exact query "+
			"parameters, including pageSize, of the request that returned it)")
	}
	return p.page, token != "", nil
}

func isDateTime(v string) bool {
	_, err := time.Parse(time.RFC3339Nano, v)
	return err == nil
}

// pager is a validated list request.
type pager[T any] struct {
	c      *collection[T]
	bind   string // digest of the path and the canonical query but the token
	size   int
	match  func(*T) bool
	view   func(*T) any
	token  string // as received
	anchor string // the id of the item the page starts after; "" for the first page
	n      uint64 // the token's counter, which tells apart tokens to the same place
}

// tokenSuffix ends every token with characters a query must escape, so that a client
// which does not escape tokens fails on its first next page rather than on a rare one.
const tokenSuffix = "+/=&?"

// A page token is the query's digest, the anchor and a counter: replayed with other
// filters or another pageSize, it is a 400 rather than a silently different result set.
func (p *pager[T]) encode(anchor string, n uint64) string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%s\n%s\n%d", p.bind, anchor, n)) + tokenSuffix
}

func (p *pager[T]) decode(token string) bool {
	payload, hasSuffix := strings.CutSuffix(token, tokenSuffix)
	raw, err := base64.StdEncoding.Strict().DecodeString(payload)
	parts := strings.Split(string(raw), "\n")
	if !hasSuffix || err != nil || len(parts) != 3 || parts[0] != p.bind {
		return false
	}
	p.n, err = strconv.ParseUint(parts[2], 10, 64)
	_, found := p.c.get(parts[1])
	p.anchor = parts[1]
	return err == nil && (found || p.anchor == "")
}

// scan returns up to n matching items, walking from i by step.
func (p *pager[T]) scan(i, step, n int) []*T {
	var out []*T
	for ; i >= 0 && i < len(p.c.items) && len(out) < n; i += step {
		if p.match(p.c.items[i]) {
			out = append(out, p.c.items[i])
		}
	}
	return out
}

// page builds the page, playing the list fault kind, if any.
func (p *pager[T]) page(kind FaultKind) *response {
	var items []*T
	meta := intelligence.PageMeta{Key: "items"}
	p.c.mu.RLock()
	pos := 0
	if p.anchor != "" {
		i, _ := slices.BinarySearchFunc(p.c.items, p.c.byID[p.anchor], p.c.order)
		pos = i + 1
	}
	switch want := p.size; kind {
	case FaultEmptyPageWithToken:
		// A fresh token to the same place: a client that only looks for a repeated token
		// keeps going; one that bounds empty pages stops. The counter is the received
		// token's plus one, so the same requests get the same tokens from any server.
		meta.NextToken = p.encode(p.anchor, p.n+1)
	case FaultDuplicateItems:
		// What offset paging does when items arrive between two requests: the page opens
		// with the last items of the one before, and the client still gets a full page,
		// never a longer one: at least one item is new.
		items = p.scan(pos-1, -1, min(2, p.size-1))
		slices.Reverse(items)
		want -= len(items)
		fallthrough
	default:
		next := p.scan(pos, 1, want+1)
		if len(next) > want {
			next = next[:want]
			meta.NextToken = p.encode(p.c.id(next[want-1]), 0)
		}
		items = append(items, next...)
	}
	p.c.mu.RUnlock()
	if kind == FaultRepeatToken {
		meta.NextToken = p.token
	}
	meta.PageSize = len(items)
	views := make([]any, len(items))
	for i, v := range items { // items never change: no lock needed
		views[i] = p.view(v)
	}
	body := map[string]any{"items": views, "meta": meta}
	switch kind {
	case FaultMissingItems:
		delete(body, "items")
	case FaultItemsNotList:
		body["items"] = struct{}{}
	}
	return ok(body)
}
