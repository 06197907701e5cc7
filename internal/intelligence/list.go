package intelligence

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync/atomic"
)

// ListOptions controls how a listing is read.
type ListOptions struct {
	// PageSize is the pageSize sent on every page; 0 means MaxPageSize.
	PageSize int
	// MaxResults stops the listing after this many items; 0 means all. A smaller cap
	// also lowers the page size, so a cap of 10 costs one request for 10 items.
	MaxResults int
}

// ListResult is a collected listing.
type ListResult[T any] struct {
	Items []T
	// Truncated is true when MaxResults stopped the listing before the API had said it
	// was done (an item past the cap, a further page, or an unread date window), so more
	// items may match.
	Truncated bool
	// Pages is how many pages were read (retries not counted).
	Pages int
}

func (o ListOptions) validate() error {
	if o.PageSize < 0 || o.PageSize > MaxPageSize {
		return fmt.Errorf("page size %d is outside 1..%d", o.PageSize, MaxPageSize)
	}
	if o.MaxResults < 0 {
		return fmt.Errorf("max results %d is negative", o.MaxResults)
	}
	return nil
}

// pageSize is the page size every request of a listing carries: the largest the caller
// allows, lowered to the cap when the cap is smaller, and the same on every page because
// the API's page tokens belong to the exact query they were issued for.
func (o ListOptions) pageSize() int {
	size := o.PageSize
	if size == 0 {
		size = MaxPageSize
	}
	if o.MaxResults > 0 {
		size = min(size, o.MaxResults)
	}
	return size
}

// listItem is what the paging engine needs of an item type: the value that identifies an
// item, to drop the duplicates paging can produce when items arrive between two pages.
// Every list endpoint is then a path, a query and an item type (see ListOperators).
type listItem[T any] interface {
	*T
	listKey() string
}

// listing is one run of a list endpoint: the query (filters and pageSize) and what has
// been read so far.
type listing[T any, P listItem[T]] struct {
	client *Client
	path   []string // segments, escaped one by one
	query  url.Values
	opts   ListOptions
	pages  atomic.Int64
}

func newListing[T any, P listItem[T]](c *Client, path []string, query url.Values, opts ListOptions) (*listing[T, P], error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if query == nil {
		query = url.Values{}
	}
	query.Set("pageSize", strconv.Itoa(opts.pageSize()))
	return &listing[T, P]{client: c, path: path, query: query, opts: opts}, nil
}

// list reads every page of one query and collects up to opts.MaxResults items.
func list[T any, P listItem[T]](ctx context.Context, c *Client, path []string, query url.Values, opts ListOptions) (*ListResult[T], error) {
	l, err := newListing[T, P](c, path, query, opts)
	if err != nil {
		return nil, err
	}
	return l.collect(func(e *emitter[T, P]) (bool, error) { return l.runSingle(ctx, e) })
}

// collect runs a listing into a result. Growing one slice by doubling would copy each
// item twice more on average and leave every outgrown array as garbage; page-sized
// chunks are copied once, at the end, into a slice of the exact size.
func (l *listing[T, P]) collect(run func(*emitter[T, P]) (bool, error)) (*ListResult[T], error) {
	size := l.opts.pageSize()
	var chunks [][]T
	chunk := make([]T, 0, size)
	e := &emitter[T, P]{limit: l.opts.MaxResults, seen: make(map[string]struct{}), emit: func(item *T) {
		if len(chunk) == cap(chunk) {
			chunks = append(chunks, chunk)
			chunk = make([]T, 0, size)
		}
		chunk = append(chunk, *item)
	}}
	truncated, err := run(e)
	if err != nil {
		return nil, err
	}
	chunks = append(chunks, chunk)
	total := 0
	for _, ch := range chunks {
		total += len(ch)
	}
	res := &ListResult[T]{Items: make([]T, 0, total), Truncated: truncated, Pages: int(l.pages.Load())}
	for _, ch := range chunks {
		res.Items = append(res.Items, ch...)
	}
	return res, nil
}

// runSingle streams one query page by page and reports whether the cap cut it short.
func (l *listing[T, P]) runSingle(ctx context.Context, e *emitter[T, P]) (bool, error) {
	s := l.stream(l.query)
	s.reuse = true // e copies each item out
	defer s.close()
	for {
		items, more, err := s.next(ctx)
		if err != nil {
			return false, err
		}
		if goOn, truncated := e.send(items); !goOn {
			return truncated || more, nil
		}
		if !more {
			return false, nil
		}
	}
}

// emitter applies the cap and drops duplicate keys on the way out.
type emitter[T any, P listItem[T]] struct {
	emit  func(*T)
	limit int
	count int
	seen  map[string]struct{}
}

// send emits items in order and reports whether the listing should go on. When it stops
// on the cap with items of this batch left over, truncated says so.
func (e *emitter[T, P]) send(items []T) (goOn, truncated bool) {
	for i := range items {
		key := P(&items[i]).listKey()
		if _, dup := e.seen[key]; dup {
			continue
		}
		if e.full() {
			return false, true
		}
		e.seen[key] = struct{}{}
		e.count++
		e.emit(&items[i])
	}
	return !e.full(), false
}

func (e *emitter[T, P]) full() bool { return e.limit > 0 && e.count >= e.limit }
