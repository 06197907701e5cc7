package intelligence

import (
	"context"
	"maps"
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

// windowResult is one window's pages, filled by a worker.
type windowResult struct {
	pages [][]Conversation
	more  bool // the worker stopped at the cap with pages left
	err   error
	done  chan struct{}
}

type conversationListing = listing[Conversation, *Conversation]

// runWindows reads windows concurrently, at most workers at a time and at most workers
// windows ahead of the one being emitted, and emits them in window order so the result
// does not depend on which request finished first.
func runWindows(ctx context.Context, l *conversationListing, windows []window, workers int, e *emitter[Conversation, *Conversation]) (bool, error) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// Stop the workers before waiting for them: once this returns nobody reads their
	// results.
	defer func() {
		cancel()
		wg.Wait()
	}()
	results := make([]windowResult, len(windows))
	for i := range results {
		results[i].done = make(chan struct{})
	}
	slots := make(chan struct{}, workers)
	wg.Go(func() {
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
			wg.Go(func() {
				defer close(results[i].done)
				results[i].pages, results[i].more, results[i].err = readWindow(ctx, l, w)
			})
		}
	})

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
		if !goOn {
			return truncated || r.more || i < len(windows)-1, nil
		}
	}
	return false, nil
}

// readWindow reads all pages of one window, stopping early once it holds MaxResults
// items: no window can contribute more than that. Each page is decoded into a slice of
// its own and kept as it is, so a window's conversations are never copied.
func readWindow(ctx context.Context, l *conversationListing, w window) ([][]Conversation, bool, error) {
	q := maps.Clone(l.query)
	q.Set("createdAtAfter", formatTime(w.after))
	q.Set("createdAtBefore", formatTime(w.before))
	limit := l.opts.MaxResults
	s := l.stream(q)
	defer s.close()
	var pages [][]Conversation
	held := 0
	for {
		items, more, err := s.next(ctx)
		if err != nil {
			return nil, false, err
		}
		pages = append(pages, items)
		held += len(items)
		if !more || (limit > 0 && held >= limit) {
			return pages, more, nil
		}
	}
}
