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

// BenchmarkListConversations lists every conversation of a local API process serving n
// of them, with each client of clients_test.go, reporting wall time, B/op and allocs/op
// of this process, requests/op, peak-heap-MB and the CPU time of both processes
// (heap_test.go). Every listing is checked against a reference: the ids in order, or for
// the chain (which decodes no ids) the number of pages.
//
//	go test -run '^$' -bench 'ListConversations/^n=100000$/^lat=20ms$/^client=(chain|ours)$' -benchmem -benchtime 1x -count 10
func BenchmarkListConversations(b *testing.B) {
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
						var got listed
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
						got.check(b, cl.name, want)
					})
				}
			})
		}
	}
}

// listed is what one listing returned: the digest of its ids, or only its page count.
type listed struct {
	ids   idHash
	pages int // set by the chain only
}

func (l listed) check(b *testing.B, client string, want ref) {
	b.Helper()
	if l.pages > 0 {
		if l.pages != want.pages {
			b.Fatalf("%s read %d pages, want the reference's %d", client, l.pages, want.pages)
		}
		return
	}
	if l.ids != want.ids {
		b.Fatalf("%s returned %d ids (digest %x), want the reference's %d (digest %x)", client, l.ids.n, l.ids.h, want.ids.n, want.ids.h)
	}
}

// listClient makes one client's listing operation.
type listClient struct {
	name string
	make func(b *testing.B, base string, rt *countingTransport) func(context.Context) listed
}

var listClients = []listClient{
	{"ours", func(b *testing.B, base string, rt *countingTransport) func(context.Context) listed {
		c := newOurs(b, base, 0, rt)
		return func(ctx context.Context) listed {
			res, err := c.ListConversations(ctx, intelligence.ConversationFilter{}, intelligence.ListOptions{})
			if err != nil {
				b.Fatal(err)
			}
			return listed{ids: hashOurs(res.Items)}
		}
	}},
	{"chain", func(b *testing.B, base string, rt *countingTransport) func(context.Context) listed {
		hc := &http.Client{Transport: rt}
		return func(ctx context.Context) listed {
			pages, err := chainList(ctx, hc, base, nil)
			if err != nil {
				b.Fatal(err)
			}
			return listed{pages: pages}
		}
	}},
	{"floor", func(b *testing.B, base string, rt *countingTransport) func(context.Context) listed {
		hc := &http.Client{Transport: rt}
		return func(ctx context.Context) listed {
			convs, _, err := floorList(ctx, hc, base)
			if err != nil {
				b.Fatal(err)
			}
			return listed{ids: hashOurs(convs)}
		}
	}},
	{"twilio-default", func(b *testing.B, base string, rt *countingTransport) func(context.Context) listed {
		svc := newTwilio(base, true, rt)
		return func(context.Context) listed {
			items, err := svc.ListConversations(&twintel.ListConversationsParams{})
			if err != nil {
				b.Fatal(err)
			}
			return listed{ids: hashTwilio(items)}
		}
	}},
	{"twilio-best", func(b *testing.B, base string, rt *countingTransport) func(context.Context) listed {
		svc := newTwilio(base, true, rt)
		return func(context.Context) listed {
			items, err := svc.ListConversations((&twintel.ListConversationsParams{}).SetPageSize(1000))
			if err != nil {
				b.Fatal(err)
			}
			return listed{ids: hashTwilio(items)}
		}
	}},
}
