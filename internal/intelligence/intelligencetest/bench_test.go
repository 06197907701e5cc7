package intelligencetest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// The benchmarks use one 100,000-conversation server, built once: building it takes
// seconds and is not what they measure.
var big = sync.OnceValue(func() *Server { return NewHandler(Options{Conversations: 100_000}) })

// discardWriter is a ResponseWriter that keeps nothing, so that the benchmark measures
// the server and not a recorder's buffer.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkServePage1000 is the server's own cost of a 1000-item page of 100,000
// conversations, without the network: the figure that must stay far below a client's
// decoding. Selective is a filter that few conversations match, so the page scans most of
// the data set.
func BenchmarkServePage1000(b *testing.B) {
	for name, target := range map[string]string{
		"All":       "/v3/Conversations?pageSize=1000",
		"Selective": "/v3/Conversations?pageSize=1000&channels=RCS&status=INACTIVE&operatorIds=" + OperatorIDs[2],
		"Results":   "/v3/OperatorResults?pageSize=1000",
	} {
		b.Run(name, func(b *testing.B) {
			s := big()
			w := &discardWriter{h: http.Header{}}
			req := httptest.NewRequestWithContext(b.Context(), http.MethodGet, target, nil)
			req.SetBasicAuth(TestAPIKey, TestAPISecret)
			b.ReportAllocs()
			for b.Loop() {
				s.ServeHTTP(w, req)
				s.ResetRequests()
			}
		})
	}
}

// BenchmarkServePage1000HTTP is a page of CLOSED conversations over a loopback
// connection, read to the end.
func BenchmarkServePage1000HTTP(b *testing.B) {
	s := big()
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
		s.ResetRequests()
	}
}
