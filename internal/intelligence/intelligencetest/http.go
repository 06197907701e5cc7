package intelligencetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

const jsonType = "application/json"

// response is a complete answer, built before anything is written so that faults can
// replace, delay or cut it, and so that Content-Length is always exact.
type response struct {
	status      int
	contentType string
	header      map[string]string // extra headers (rate limits, Allow, WWW-Authenticate)
	body        []byte
}

// write sends resp. Content-Length is always set: a client that reads to EOF and one that
// trusts the length must see the same body (and FaultTruncatedJSON relies on it).
func write(w http.ResponseWriter, resp response) {
	h := w.Header()
	for k, v := range resp.header {
		h.Set(k, v)
	}
	h.Set("Content-Type", resp.contentType)
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body) // the client hanging up is not the server's error
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
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ok is a 200 with v as its body.
func ok(v any) response {
	b, err := marshal(v)
	if err != nil { // a crafted item with invalid raw JSON: the server's answer is a 500
		return statusError(http.StatusInternalServerError)
	}
	return response{status: http.StatusOK, contentType: jsonType, body: b}
}

// clone returns a copy of v sharing no memory with it, by a JSON round trip: what the
// server serves, decoded, which is what a test should compare with.
func clone[T any](v any) T {
	var out T
	b, err := marshal(v)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		panic("intelligencetest: " + err.Error())
	}
	return out
}

// apiError is a response the server refuses with. It becomes the v1 error body every
// Intelligence v3 error uses.
type apiError struct {
	status  int
	message string
	param   string // the query or path parameter at fault, if any
}

// badParam is the 400 for a parameter the API would refuse. The message names the
// parameter first so that it is what a user sees in a Terraform diagnostic.
func badParam(param, format string, args ...any) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		message: fmt.Sprintf("Invalid parameter '%s': %s", param, fmt.Sprintf(format, args...)),
		param:   param,
	}
}

// noQuery refuses any query parameter: fetches take none.
func noQuery(q url.Values) *apiError {
	if len(q) > 0 {
		return badParam(sortedKeys(q)[0], "unknown query parameter")
	}
	return nil
}

func notFound(path string) response {
	return errorResponse(&apiError{status: http.StatusNotFound, message: "The requested resource " + path + " was not found"})
}

func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// defaultMessage is what an error says when nothing more specific is known.
func defaultMessage(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "Authentication Error - invalid credentials"
	case http.StatusForbidden:
		return "Forbidden: these credentials may not use Conversational Intelligence"
	case http.StatusTooManyRequests:
		return "Too Many Requests: rate limit exceeded"
	}
	return strconv.Itoa(status) + " " + http.StatusText(status)
}

// errorResponse renders e as the v1 error body. The codes follow Twilio's 20xxx REST
// conventions (20001 invalid parameter, 20003 authentication, 20004 method not allowed,
// 20404 not found...); Twilio does not document this API's codes per status.
func errorResponse(e *apiError) response {
	code := 20000 + e.status
	switch e.status {
	case http.StatusBadRequest:
		code = 20001
	case http.StatusUnauthorized:
		code = 20003
	case http.StatusMethodNotAllowed:
		code = 20004
	}
	userError := e.status < 500
	body := intelligence.ErrorBody{
		Code:           code,
		Message:        e.message,
		HTTPStatusCode: e.status,
		UserError:      &userError,
		Params:         map[string]string{"twilioErrorCodeUrl": "https://www.twilio.com/docs/errors/" + strconv.Itoa(code)},
	}
	if e.param != "" {
		body.Params["parameter"] = e.param
	}
	b, _ := marshal(body) // strings, ints and a bool: cannot fail
	return response{status: e.status, contentType: jsonType, body: b}
}

// statusError is the v1 error body for status with its default message.
func statusError(status int) response {
	return errorResponse(&apiError{status: status, message: defaultMessage(status)})
}

// Request is one request the server received, for tests to assert on what a client sent
// (filters repeated on every page, escaping, retries). Headers are not kept at all, so the
// Authorization header's credentials cannot leak through the log.
type Request struct {
	Method string
	// Path is the escaped path, as the router saw it: it tells endpoints apart.
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

func (l *requestLog) all() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.reqs)
	for i, r := range out {
		if r.Query != nil {
			out[i].Query = clone[url.Values](r.Query)
		}
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
	w.log.mu.Lock()
	w.log.reqs = append(w.log.reqs, w.entry)
	w.log.mu.Unlock()
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
