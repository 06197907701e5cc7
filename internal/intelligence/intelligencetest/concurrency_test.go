package intelligencetest

import (
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// TestConcurrentUse does what the client does (date windows fetched in parallel) while
// a test adds data, queues faults and reads the log. Run with -race; the results must be
// those of a sequential walk.
func TestConcurrentUse(t *testing.T) {
	s := newServer(t, Options{Conversations: 2000})
	newest := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var windows []url.Values
	for w := range 4 {
		before := newest.Add(time.Second - time.Duration(w)*intelligence.MaxWindow)
		after := before.Add(-intelligence.MaxWindow)
		for _, extra := range []url.Values{{}, vals("status", "CLOSED"), vals("channels", "VOICE", "channels", "CHAT")} {
			q := vals("createdAtAfter", after.Format(time.RFC3339), "createdAtBefore", before.Format(time.RFC3339), "pageSize", fmt.Sprint(40+w))
			for k, v := range extra {
				q[k] = v
			}
			windows = append(windows, q)
		}
	}
	want := make([][]string, len(windows))
	for i, q := range windows {
		want[i] = listKeys(t, s, conversationsPath, q)
	}

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for round := range 2 {
		for i, q := range windows {
			wg.Go(func() {
				got, err := walk(t.Context(), s, conversationsPath, q)
				switch {
				case err != nil:
					errs <- err
				case !slices.Equal(got, want[i]):
					errs <- fmt.Errorf("round %d window %d: %d ids, want %d", round, i, len(got), len(want[i]))
				}
			})
		}
	}
	wg.Go(func() { // data outside every window: results must not change
		for n := range 50 {
			s.Add(crafted(cid(n), time.Date(2020, 1, 1, 0, 0, n, 0, time.UTC), "ACTIVE", []string{"SMS"}, nil, nil, cc0))
		}
	})
	wg.Go(func() {
		for range 20 {
			s.Inject(Fault{Kind: FaultSlow, Delay: time.Millisecond})
			_ = s.Requests()
			_ = s.RequestCount()
			s.SetLatency(0)
		}
	})
	wg.Go(func() {
		for range 2 {
			_ = s.Conversations()
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(s.Conversations()); n != 2050 {
		t.Errorf("%d conversations after the adds, want 2050", n)
	}
}
