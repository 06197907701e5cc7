package intelligencetest

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
)

// big is the 100,000-conversation server of the benchmarks, built once.
var big = sync.OnceValue(func() *Server { return NewHandler(Options{Conversations: 100_000}) })

type discard struct{ h http.Header } // a ResponseWriter that keeps nothing

func (w discard) Header() http.Header       { return w.h }
func (discard) WriteHeader(int)             {}
func (discard) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkServePage1000 is the server's own cost of a 1000-item page of 100,000
// conversations, without the network. Selective matches few conversations, so its page
// scans most of them; Results draws each result from its conversation's seed.
func BenchmarkServePage1000(b *testing.B) {
	for name, target := range map[string]string{
		"All":       "/v3/Conversations?pageSize=1000",
		"Selective": "/v3/Conversations?pageSize=1000&channels=RCS&status=INACTIVE&operatorIds=" + OperatorIDs[2],
		"Results":   "/v3/OperatorResults?pageSize=1000",
	} {
		b.Run(name, func(b *testing.B) {
			s, w, req := big(), discard{http.Header{}}, httptest.NewRequestWithContext(b.Context(), http.MethodGet, target, nil)
			req.SetBasicAuth(TestAPIKey, TestAPISecret)
			b.ReportAllocs()
			for b.Loop() {
				s.ServeHTTP(w, req)
				s.ResetRequests()
			}
		})
	}
}

// BenchmarkNewHandler100k reports the live heap of a 100,000-conversation server.
func BenchmarkNewHandler100k(b *testing.B) {
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		s := NewHandler(Options{Conversations: 100_000})
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(s)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "live-heap-MB")
}
