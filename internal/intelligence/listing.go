package intelligence

import (
	"context"
	"sync/atomic"
)

// listing is one run of List or Collect.
type listing struct {
	client *Client
	filter ListFilter
	opts   ListOptions
	pages  atomic.Int64
}

// run sends every matching conversation to emit, in order and without duplicates, until
// emit returns false or MaxResults is reached. It reports whether the cap cut the listing
// short of its end.
func (l *listing) run(ctx context.Context, emit func(*Conversation) bool) (truncated bool, err error) {
	if err := l.filter.Validate(); err != nil {
		return false, err
	}
	if err := l.opts.validate(); err != nil {
		return false, err
	}
	e := &emitter{emit: emit, limit: l.opts.MaxResults, seen: make(map[string]struct{})}
	f := l.filter
	if f.CreatedAtAfter.IsZero() || f.CreatedAtBefore.IsZero() || f.CreatedAtBefore.Sub(f.CreatedAtAfter) <= MaxWindow {
		return l.runSingle(ctx, f, e)
	}
	return l.runWindows(ctx, splitWindows(f.CreatedAtAfter, f.CreatedAtBefore), e)
}

// emitter applies the cap and drops duplicate ids on the way out.
type emitter struct {
	emit    func(*Conversation) bool
	limit   int
	count   int
	seen    map[string]struct{}
	stopped bool // the caller or the cap ended the listing
}

// send emits items in order and reports whether the listing should go on. When it stops
// on the cap with items left over, truncated says so.
func (e *emitter) send(items []Conversation) (goOn, truncated bool) {
	for i := range items {
		if _, dup := e.seen[items[i].ID]; dup {
			continue
		}
		if e.limit > 0 && e.count == e.limit {
			e.stopped = true
			return false, true
		}
		e.seen[items[i].ID] = struct{}{}
		e.count++
		if !e.emit(&items[i]) {
			e.stopped = true
			return false, false
		}
	}
	return true, false
}

func (e *emitter) full() bool { return e.limit > 0 && e.count == e.limit }

// runSingle streams one query page by page.
func (l *listing) runSingle(ctx context.Context, f ListFilter, e *emitter) (bool, error) {
	stream := l.client.newPageStream(f, l.opts.pageSize())
	var page Page
	for {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		more, err := stream.fetch(ctx, &page)
		if err != nil {
			return false, err
		}
		l.pages.Add(1)
		goOn, truncated := e.send(page.Items)
		if !goOn {
			return truncated || (e.full() && more), nil
		}
		if !more {
			return false, nil
		}
		if e.full() {
			return true, nil
		}
	}
}
