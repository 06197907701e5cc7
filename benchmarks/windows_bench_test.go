package benchmarks

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// The local API spreads its conversations over the 120 days before 2026-11-01T00:00:00Z,
// the newest exactly at the end and the oldest exactly at the start (intelligencetest
// Options defaults). The bounds are exclusive, so the range is widened by a second on
// each side to hold all of them: 120 days and 2 s, which the client splits into four
// windows of at most 31 days (31, 31, 31 and 27 days).
var (
	span120Before = time.Date(2026, 11, 1, 0, 0, 1, 0, time.UTC)
	span120After  = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(-120*24*time.Hour - time.Second)
)

// BenchmarkWindows120d lists a 120-day range at 20 ms per request with the client's
// concurrent window split (workers=4, the default) and with the same windows read one
// after another (Config.Workers = 1). Both are checked against the reference's ids.
//
//	go test -run '^$' -bench 'Windows120d' -benchmem -benchtime 1x -count 10
func BenchmarkWindows120d(b *testing.B) {
	const lat = 20 * time.Millisecond
	filter := intelligence.ConversationFilter{CreatedAtAfter: span120After, CreatedAtBefore: span120Before}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d/lat=%s", n, latName(lat)), func(b *testing.B) {
			base := api(b, n, lat)
			want := reference(b, base)
			for _, workers := range []int{4, 1} {
				b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
					counter := newCounting()
					c := newOurs(b, base, workers, counter)
					ctx := context.Background()
					var got idHash
					b.ReportAllocs()
					heap := startHeapPeak()
					cpu := startCPU(apiPID(base))
					b.ResetTimer()
					for range b.N {
						res, err := c.ListConversations(ctx, filter, intelligence.ListOptions{})
						if err != nil {
							b.Fatal(err)
						}
						got = hashOurs(res.Items)
					}
					b.StopTimer()
					heap.report(b)
					cpu.report(b)
					b.ReportMetric(float64(counter.n.Load())/float64(b.N), "requests/op")
					counter.next.(*http.Transport).CloseIdleConnections()
					listed{ids: got}.check(b, fmt.Sprintf("workers=%d", workers), want)
				})
			}
		})
	}
}
