package benchmarks

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	twintel "github.com/twilio/twilio-go/rest/intelligence/v3"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

var (
	sizes     = []int{1_000, 10_000, 100_000}
	latencies = []time.Duration{0, 20 * time.Millisecond}
)

func latName(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// BenchmarkList lists every conversation of a local API process serving n of them with
// each client (see clients_test.go), reporting wall time, B/op and allocs/op of the
// client's process, requests/op (HTTP requests sent) and peak-heap-MB (heap_test.go).
// Every run's ids are checked, in order, against a reference listing.
//
//	go test -run '^$' -bench 'List/n=1000/' -benchmem
//	go test -run '^$' -bench 'List/n=100000/' -benchmem -benchtime 1x -count 6
func BenchmarkList(b *testing.B) {
	for _, n := range sizes {
		for _, lat := range latencies {
			b.Run(fmt.Sprintf("n=%d/lat=%s", n, latName(lat)), func(b *testing.B) {
				base := api(b, n, lat)
				want := reference(b, base)
				for _, cl := range listClients {
					b.Run("client="+cl.name, func(b *testing.B) {
						counter := newCounting()
						op := cl.make(b, base, counter)
						ctx := context.Background()
						var got idHash
						b.ReportAllocs()
						heap := startHeapPeak()
						cpu := startCPU(apiPID(base))
						b.ResetTimer()
						for range b.N {
							got = op(ctx)
						}
						b.StopTimer()
						heap.report(b)
						cpu.report(b)
						b.ReportMetric(float64(counter.n.Load())/float64(b.N), "requests/op")
						counter.next.(*http.Transport).CloseIdleConnections()
						if got != want {
							b.Fatalf("%s returned %d ids (digest %x), want the reference's %d (digest %x)", cl.name, got.n, got.h, want.n, want.h)
						}
					})
				}
			})
		}
	}
}

// listClient makes one client's listing operation; the operation returns the digest of
// the ids it listed.
type listClient struct {
	name string
	make func(b *testing.B, base string, rt *countingTransport) func(context.Context) idHash
}

var listClients = []listClient{
	{"ours-collect", func(b *testing.B, base string, rt *countingTransport) func(context.Context) idHash {
		c := newOurs(b, base, 0, rt)
		return func(ctx context.Context) idHash {
			res, err := c.Collect(ctx, intelligence.ListFilter{}, intelligence.ListOptions{PageSize: intelligence.MaxPageSize})
			if err != nil {
				b.Fatal(err)
			}
			return hashOurs(res.Conversations)
		}
	}},
	{"ours-list", func(b *testing.B, base string, rt *countingTransport) func(context.Context) idHash {
		c := newOurs(b, base, 0, rt)
		return func(ctx context.Context) idHash {
			var d idHash
			for conv, err := range c.List(ctx, intelligence.ListFilter{}, intelligence.ListOptions{PageSize: intelligence.MaxPageSize}) {
				if err != nil {
					b.Fatal(err)
				}
				d.add(conv.ID)
			}
			return d
		}
	}},
	{"floor", func(b *testing.B, base string, rt *countingTransport) func(context.Context) idHash {
		hc := &http.Client{Transport: rt}
		return func(ctx context.Context) idHash {
			convs, err := floorCollect(ctx, hc, base)
			if err != nil {
				b.Fatal(err)
			}
			return hashOurs(convs)
		}
	}},
	{"twilio-default", func(b *testing.B, base string, rt *countingTransport) func(context.Context) idHash {
		svc := newTwilio(base, true, rt)
		return func(context.Context) idHash {
			items, err := svc.ListConversations(&twintel.ListConversationsParams{})
			if err != nil {
				b.Fatal(err)
			}
			return hashTwilio(items)
		}
	}},
	{"twilio-best", func(b *testing.B, base string, rt *countingTransport) func(context.Context) idHash {
		svc := newTwilio(base, true, rt)
		return func(context.Context) idHash {
			items, err := svc.ListConversations((&twintel.ListConversationsParams{}).SetPageSize(1000))
			if err != nil {
				b.Fatal(err)
			}
			return hashTwilio(items)
		}
	}},
}
