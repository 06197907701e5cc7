package intelligencetest

import (
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Request is one request the server received, for tests to assert on what a client sent
// (filters repeated on every page, escaping, retries). Headers are not kept at all, so the
// Authorization header's credentials cannot leak through the log.
type Request struct {
	Method string
	// Path is the escaped path, as the router saw it.
	Path string
	// Query is the parsed query, nil when the query could not be parsed.
	Query url.Values
	// RawQuery is the query exactly as sent.
	RawQuery string
	// Status is the status the server sent; 0 when the client went away before it did.
	Status int
	// Authorized reports whether the request carried accepted credentials.
	Authorized bool
	// Time is when the request arrived.
	Time time.Time
}

// requestLog is the server's append-only record of requests.
type requestLog struct {
	mu   sync.Mutex
	reqs []Request
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	l.reqs = append(l.reqs, r)
	l.mu.Unlock()
}

func (l *requestLog) all() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, len(l.reqs))
	for i, r := range l.reqs {
		r.Query = cloneValues(r.Query)
		out[i] = r
	}
	return out
}

func (l *requestLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reqs)
}

func (l *requestLog) reset() {
	l.mu.Lock()
	l.reqs = nil
	l.mu.Unlock()
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// loggingWriter records the request when its status is decided, that is before any byte
// of the response reaches the client. Logging after the handler returned would race with
// a test that asserts on the log as soon as it has read the body.
type loggingWriter struct {
	http.ResponseWriter
	entry  Request
	log    *requestLog
	logged bool
}

func (w *loggingWriter) record(status int) {
	if w.logged {
		return
	}
	w.logged = true
	w.entry.Status = status
	w.log.add(w.entry)
}

func (w *loggingWriter) WriteHeader(status int) {
	w.record(status)
	w.ResponseWriter.WriteHeader(status)
}

func (w *loggingWriter) Write(b []byte) (int, error) {
	w.record(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection for Flush and Hijack.
func (w *loggingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
