package intelligence

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// windowOverlap is how far consecutive date windows overlap. The spec does not say whether
// createdAtAfter and createdAtBefore are inclusive; read literally ("after", "before")
// both are exclusive, and then a conversation created exactly on a boundary would fall
// in neither window. Overlapping by a second puts it in at least one, and the duplicates
// this creates in the overlap are dropped by id.
const windowOverlap = time.Second

// window is one createdAtAfter..createdAtBefore range of at most MaxWindow.
type window struct{ after, before time.Time }

// splitWindows cuts after..before into windows of at most MaxWindow, newest first, each
// overlapping the next by windowOverlap. A range within MaxWindow is one window.
func splitWindows(after, before time.Time) []window {
	var out []window
	end := before
	for {
		start := end.Add(-MaxWindow)
		if !start.After(after) {
			return append(out, window{after: after, before: end})
		}
		out = append(out, window{after: start, before: end})
		end = start.Add(windowOverlap)
	}
}

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

// windowResult is one window's conversations, filled by a worker.
type windowResult struct {
	items []Conversation
	more  bool // the worker stopped at the cap with pages left
	err   error
	done  chan struct{}
}

// runWindows fetches windows concurrently, at most Workers at a time and at most Workers
// windows ahead of the one being emitted, and emits them in window order so the result
// does not depend on which request finished first.
func (l *listing) runWindows(ctx context.Context, windows []window, e *emitter) (bool, error) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// Stop the workers before waiting for them: once this returns nobody reads their
	// results.
	defer func() {
		cancel()
		wg.Wait()
	}()
	workers := l.opts.Workers
	if workers <= 0 {
		workers = l.client.workers
	}
	results := make([]windowResult, len(windows))
	for i := range results {
		results[i].done = make(chan struct{})
	}
	slots := make(chan struct{}, workers)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, w := range windows {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				for j := i; j < len(windows); j++ {
					results[j].err = ctx.Err()
					close(results[j].done)
				}
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer close(results[i].done)
				results[i].items, results[i].more, results[i].err = l.fetchWindow(ctx, w)
			}()
		}
	}()

	for i := range results {
		select {
		case <-results[i].done:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		r := &results[i]
		if r.err != nil {
			return false, r.err
		}
		goOn, truncated := e.send(r.items)
		r.items = nil
		<-slots
		unread := r.more || i < len(windows)-1
		if !goOn {
			return truncated || (e.full() && unread), nil
		}
		if e.full() {
			return unread, nil
		}
	}
	return false, nil
}

// fetchWindow reads all pages of one window, stopping early once it holds MaxResults
// items: no window can contribute more than that.
func (l *listing) fetchWindow(ctx context.Context, w window) (items []Conversation, more bool, err error) {
	f := l.filter
	f.CreatedAtAfter, f.CreatedAtBefore = w.after, w.before
	stream := l.client.newPageStream(f, l.opts.pageSize())
	var page Page
	for {
		more, err = stream.fetch(ctx, &page)
		if err != nil {
			return nil, false, err
		}
		l.pages.Add(1)
		items = append(items, page.Items...)
		if !more || (l.opts.MaxResults > 0 && len(items) >= l.opts.MaxResults) {
			return items, more, nil
		}
	}
}
