package intelligence_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// Benchmarks of the client listing 10,000 and 100,000 conversations, at 0 and 20 ms per
// request, reporting ns/op, B/op, allocs/op, requests/op and peak-heap-MB:
//
//	go test ./internal/intelligence -run '^$' -bench 'Collect|ListIterator' -benchmem -benchtime 1x -count 6
//
// The local API runs IN PROCESS here (intelligencetest.NewServer), for a benchmark that
// needs nothing but this package. Its share of the figures is small but not zero: about
// 40 allocations and 4 KB per page served (BenchmarkServePage1000 in intelligencetest),
// the CPU it uses to write pages, and above all its data set (about 100 MB for 100,000
// conversations), which every garbage collection has to mark. The comparisons with
// twilio-go and with a bare net/http loop, which must not be polluted by the server, run
// it as a separate process: see the benchmarks module and BENCHMARKS.md at the root.

var (
	benchSizes     = []int{10_000, 100_000}
	benchLatencies = []time.Duration{0, 20 * time.Millisecond}
)

func benchClient(b *testing.B, base string) *intelligence.Client {
	b.Helper()
	c, err := intelligence.New(intelligence.Config{
		BaseURL:    base,
		Username:   intelligencetest.TestAccountSID,
		Password:   intelligencetest.TestAuthToken,
		UserAgent:  "terraform-provider-twilio/bench",
		MaxRetries: intelligence.DefaultMaxRetries,
	})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkCollect is Client.Collect of every conversation, as the provider's Read does.
func BenchmarkCollect(b *testing.B) {
	benchListing(b, func(ctx context.Context, c *intelligence.Client) (int, error) {
		res, err := c.Collect(ctx, intelligence.ListFilter{}, intelligence.ListOptions{PageSize: intelligence.MaxPageSize})
		if err != nil {
			return 0, err
		}
		return len(res.Conversations), nil
	})
}

// BenchmarkListIterator is the List iterator over every conversation, keeping none.
func BenchmarkListIterator(b *testing.B) {
	benchListing(b, func(ctx context.Context, c *intelligence.Client) (int, error) {
		n := 0
		for _, err := range c.List(ctx, intelligence.ListFilter{}, intelligence.ListOptions{PageSize: intelligence.MaxPageSize}) {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	})
}

func benchListing(b *testing.B, op func(context.Context, *intelligence.Client) (int, error)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: n})
			defer srv.Close()
			for _, lat := range benchLatencies {
				b.Run(fmt.Sprintf("lat=%dms", lat.Milliseconds()), func(b *testing.B) {
					srv.SetLatency(lat)
					srv.ResetRequests()
					c := benchClient(b, srv.URL())
					ctx := context.Background()
					b.ReportAllocs()
					peak := startPeakHeap()
					b.ResetTimer()
					for range b.N {
						got, err := op(ctx, c)
						if err != nil {
							b.Fatal(err)
						}
						if got != n {
							b.Fatalf("listed %d conversations, want %d", got, n)
						}
					}
					b.StopTimer()
					b.ReportMetric(peak.stopMB(), "peak-heap-MB")
					b.ReportMetric(float64(srv.RequestCount())/float64(b.N), "requests/op")
				})
			}
		})
	}
}

// peakHeap samples runtime/metrics "/memory/classes/heap/objects:bytes" (live objects and
// garbage not yet freed, as MemStats.HeapAlloc, read without stopping the world) every
// millisecond during the timed loop; stopMB returns the highest sample minus the value
// after a forced GC before the loop, in 10^6 bytes. In this in-process benchmark the
// baseline holds the server's data set, so only what the listing adds is counted, but the
// server's per-request garbage is in it too.
type peakHeap struct {
	base       uint64
	peak       atomic.Uint64
	stop, done chan struct{}
}

func startPeakHeap() *peakHeap {
	read := func(s []metrics.Sample) uint64 { metrics.Read(s); return s[0].Value.Uint64() }
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	p := &peakHeap{base: read(s), stop: make(chan struct{}), done: make(chan struct{})}
	p.peak.Store(p.base)
	go func() {
		defer close(p.done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(s); v > p.peak.Load() {
				p.peak.Store(v)
			}
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peakHeap) stopMB() float64 {
	close(p.stop)
	<-p.done
	return float64(p.peak.Load()-p.base) / 1e6
}
