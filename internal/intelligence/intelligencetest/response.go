package intelligencetest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

const jsonType = "application/json"

// response is a complete answer, built before anything is written so that faults can
// replace, delay or cut it, and so that Content-Length is always exact.
type response struct {
	status      int
	contentType string
	header      map[string]string // extra headers (rate limits, Allow, WWW-Authenticate)
	body        []byte
	page        *pageBody // a list page to stream instead of body
}

// bytes returns the whole body, for the faults that cut it.
func (r *response) bytes() []byte {
	if r.page != nil {
		return r.page.bytes()
	}
	return r.body
}

// Large pages are written through a buffer bigger than net/http's 4 KB one: a 1 MB page
// then takes a few dozen writes to the connection rather than hundreds.
var bufPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// write sends resp. Content-Length is always set: a client that reads to EOF and one that
// trusts the length must see the same body (and FaultTruncatedJSON relies on it).
func write(w http.ResponseWriter, resp response) {
	h := w.Header()
	for k, v := range resp.header {
		h.Set(k, v)
	}
	h.Set("Content-Type", resp.contentType)
	if resp.page == nil {
		h.Set("Content-Length", strconv.Itoa(len(resp.body)))
		w.WriteHeader(resp.status)
		_, _ = w.Write(resp.body) // the client hanging up is not the server's error
		return
	}
	h.Set("Content-Length", strconv.Itoa(resp.page.size()))
	w.WriteHeader(resp.status)
	bw, _ := bufPool.Get().(*bufio.Writer)
	bw.Reset(w)
	if resp.page.writeTo(bw) == nil {
		_ = bw.Flush()
	}
	bw.Reset(nil) // do not keep the connection reachable from the pool
	bufPool.Put(bw)
}

// wait delays the response by d unless the client goes away or the server closes first,
// so that a slow response never outlives its client or keeps Close waiting. It reports
// whether to go on; when the server closed, it has answered 503 so that the client sees
// an honest failure rather than an empty 200.
func (s *Server) wait(w http.ResponseWriter, r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.done:
		write(w, errorResponse(&apiError{status: http.StatusServiceUnavailable, message: "The server is shutting down"}))
		return false
	}
}

// marshal is json.Marshal without HTML escaping: the API is not HTML, and a real server
// sends "<" and "&" as they are, which is also what a client's decoder must accept.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	// A copy of exactly the right size: the buffer's spare capacity would otherwise stay
	// allocated with every pre-encoded item.
	return bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}
