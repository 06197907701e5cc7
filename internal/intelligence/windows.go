package intelligence

import (
	"context"
	"sync"
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

// windowResult is one window's conversations, filled by a worker.
type windowResult struct {
	pages [][]Conversation
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
				results[i].pages, results[i].more, results[i].err = l.fetchWindow(ctx, w)
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
		goOn, truncated := true, false
		for _, page := range r.pages {
			if goOn, truncated = e.send(page); !goOn {
				break
			}
		}
		r.pages = nil
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
// items: no window can contribute more than that. Each page is decoded into a slice of
// its own and kept as it is, so a window's conversations are never copied.
func (l *listing) fetchWindow(ctx context.Context, w window) (pages [][]Conversation, more bool, err error) {
	f := l.filter
	f.CreatedAtAfter, f.CreatedAtBefore = w.after, w.before
	stream := l.client.newPageStream(f, l.opts.pageSize())
	held := 0
	for {
		var page Page
		more, err = stream.fetch(ctx, &page)
		if err != nil {
			return nil, false, err
		}
		l.pages.Add(1)
		pages = append(pages, page.Items)
		held += len(page.Items)
		if !more || (l.opts.MaxResults > 0 && held >= l.opts.MaxResults) {
			return pages, more, nil
		}
	}
}
