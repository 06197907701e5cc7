package intelligencetest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// The benchmarks use one 100,000-conversation server, built once: building it takes
// about a second and is not what they measure.
var (
	bigOnce   sync.Once
	bigServer *Server
)

func big(b *testing.B) *Server {
	b.Helper()
	bigOnce.Do(func() { bigServer = NewHandler(Options{Conversations: 100_000}) })
	return bigServer
}

// discardWriter is a ResponseWriter that keeps nothing, so that the benchmark measures
// the server and not a recorder's buffer.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkServePage1000 is the server's own cost of a 1000-item page of a 100,000-item
// result, without the network: the figure that must stay far below a client's decoding.
func BenchmarkServePage1000(b *testing.B) {
	s := big(b)
	w := &discardWriter{h: http.Header{}}
	first := httptest.NewRequestWithContext(b.Context(), http.MethodGet, "/v3/Conversations?pageSize=1000", nil)
	first.SetBasicAuth(TestAPIKey, TestAPISecret)
	s.ServeHTTP(w, first) // warms the filter cache, as the first page of a listing does
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s.ServeHTTP(w, first)
		if s.RequestCount() > 10_000 {
			s.ResetRequests()
		}
	}
}

// BenchmarkServePage1000HTTP is the same page over a loopback connection, read to the end.
func BenchmarkServePage1000HTTP(b *testing.B) {
	s := big(b)
	ts := httptest.NewServer(s)
	defer ts.Close()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(b.Context(), http.MethodGet, ts.URL+"/v3/Conversations?pageSize=1000&status=CLOSED", nil)
		if err != nil {
			b.Fatal(err)
		}
		req.SetBasicAuth(TestAPIKey, TestAPISecret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || n < 500_000 {
			b.Fatalf("status %d, %d bytes", resp.StatusCode, n)
		}
		b.SetBytes(n)
		if s.RequestCount() > 10_000 {
			s.ResetRequests()
		}
	}
}

// BenchmarkFilterScan100k is the cost of a filter the cache has not seen yet: one scan of
// the 100,000 conversations, paid by the first page of a listing.
func BenchmarkFilterScan100k(b *testing.B) {
	s := big(b)
	lq, apiErr := parseListQuery(vals("status", "CLOSED", "channels", "VOICE", "channels", "SMS", "operatorIds", op0))
	if apiErr != nil {
		b.Fatal(apiErr)
	}
	recs := s.snap.Load().recs
	b.ReportAllocs()
	for b.Loop() {
		lq.filter.apply(recs)
	}
}
