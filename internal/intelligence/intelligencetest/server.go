package intelligencetest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// credential is a username/password pair of HTTP Basic auth.
type credential struct{ Username, Password string }

// accepted are the only credentials the server accepts: an account SID and auth token,
// and an API key SID and secret.
var accepted = []credential{{TestAccountSID, TestAuthToken}, {TestAPIKey, TestAPISecret}}

// Options configures a Server. The zero value serves 250 conversations from seed 1.
type Options struct {
	// Conversations is the number of seeded conversations; 0 means 250, and a negative
	// number a server without any data at all, for tests that Add all of theirs.
	Conversations int
	// Seed seeds the data; 0 means 1. The same options give byte-identical responses.
	Seed int64
	// Latency is added before every response.
	Latency time.Duration
}

// Server is a local Intelligence API. All its methods are safe for concurrent use.
type Server struct {
	latency        atomic.Int64 // time.Duration
	conversations  *collection[conversation]
	results        *collection[result]
	operators      *collection[intelligence.Operator]
	versions       *collection[operatorVersion]
	configurations *collection[intelligence.Configuration]
	routes         []route

	mu     sync.Mutex // guards faults and log
	faults []*pendingFault
	log    []Request

	ts    *httptest.Server
	done  chan struct{}
	close sync.Once
}

// NewHandler returns a Server that is not listening: an http.Handler, as the binary uses.
func NewHandler(opts Options) *Server {
	opts.Conversations, opts.Seed = cmp.Or(opts.Conversations, 250), cmp.Or(opts.Seed, 1)
	s := &Server{done: make(chan struct{}),
		conversations: newCollection(func(c *conversation) string { return c.ID }, func(a, b *conversation) int {
			return newestFirst(a.created, b.created, a.ID, b.ID)
		}),
		results: newCollection(func(r *result) string { return r.id }, func(a, b *result) int {
			return newestFirst(a.created, b.created, a.id, b.id)
		}),
		operators:      newCollection(func(o *intelligence.Operator) string { return o.ID }, nil),
		configurations: newCollection(func(c *intelligence.Configuration) string { return c.ID }, nil),
		versions: newCollection(func(v *operatorVersion) string { return v.id }, func(a, b *operatorVersion) int {
			return cmp.Or(strings.Compare(a.full.ID, b.full.ID), cmp.Compare(*b.item.Version, *a.item.Version))
		}),
	}
	s.latency.Store(int64(opts.Latency))
	if opts.Conversations > 0 {
		s.seed(opts)
	}
	s.routes = []route{
		{pathRE("/v3/Conversations"), ListEndpoint, listOf(s.conversations, conversationParams, conversationFilter, listItem)},
		{pathRE("/v3/Conversations/*"), GetEndpoint, fetchOf(s.conversations, "id", intelligence.ConversationIDPattern, fetched)},
		{pathRE("/v3/OperatorResults"), ListEndpoint, listOf(s.results, resultParams, resultFilter, (*result).body)},
		{pathRE("/v3/OperatorResults/*"), GetEndpoint, fetchOf(s.results, "operatorResultId", intelligence.OperatorResultIDPattern, (*result).body)},
		{pathRE("/v3/ControlPlane/Operators"), ListEndpoint, listOf(s.operators, nil, everything, asIs)},
		{pathRE("/v3/ControlPlane/Operators/*"), GetEndpoint, s.fetchOperator},
		{pathRE("/v3/ControlPlane/Operators/*/Versions"), ListEndpoint, s.listVersions},
		{pathRE("/v3/ControlPlane/Operators/*/Versions/*"), GetEndpoint, s.fetchVersion},
		{pathRE("/v3/ControlPlane/Configurations"), ListEndpoint, listOf(s.configurations, nil, everything, asIs)},
		{pathRE("/v3/ControlPlane/Configurations/*"), GetEndpoint, fetchOf(s.configurations, "id", intelligence.IntelligenceConfigurationIDPattern, asIs)},
	}
	return s
}

// NewServer returns a Server listening on a loopback port, as httptest.NewServer; Close it.
func NewServer(opts Options) *Server {
	s := NewHandler(opts)
	s.ts = httptest.NewServer(s)
	return s
}

// URL is the base URL, such as http://127.0.0.1:41234; "" for a Server from NewHandler.
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Close answers delayed responses with a 503 at once, then shuts the listener down and
// waits for requests in flight, as httptest.Server.Close does.
func (s *Server) Close() {
	s.close.Do(func() { close(s.done) })
	if s.ts != nil {
		s.ts.Close()
	}
}

// SetLatency changes the delay added before every response.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// builder makes the response to a valid request, a list page shaped by the fault played.
type builder func(FaultKind) *response

// A resolver validates a request to a route, given the path segments its pattern's "*"
// stand for, and returns the builder of its answer and whether it carried a pageToken.
type resolver func(path string, args []string, q url.Values) (builder, bool, *response)

type route struct {
	re      *regexp.Regexp
	ep      Endpoint
	resolve resolver
}

// pathRE compiles a route's pattern, where "*" is one non-empty path segment.
func pathRE(pattern string) *regexp.Regexp {
	return regexp.MustCompile("^" + strings.ReplaceAll(pattern, "*", "([^/]+)") + "$")
}

func listOf[T any](c *collection[T], params map[string]param, filter filterFunc[T], view func(*T) any) resolver {
	return func(path string, _ []string, q url.Values) (builder, bool, *response) {
		return c.list(path, q, params, filter, view)
	}
}

// fetchOf resolves GET <collection>/{id}: no query, and an id that matches pattern.
func fetchOf[T any](c *collection[T], param string, pattern *regexp.Regexp, view func(*T) any) resolver {
	return func(path string, args []string, q url.Values) (builder, bool, *response) {
		if len(q) > 0 {
			return nil, false, badParam(slices.Sorted(maps.Keys(q))[0], "unknown query parameter")
		}
		if !pattern.MatchString(args[0]) {
			return nil, false, badParam(param, "%q does not match %s", args[0], pattern)
		}
		return c.fetch(path, args[0], view), false, nil
	}
}

// ServeHTTP serves the API. It logs the request once its answer is decided, before any
// byte of it is sent: a test may read the log as soon as it has the body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The escaped path, so that an id holding %2F is refused as an id, not routed elsewhere.
	req := Request{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Time: time.Now()}
	resp := s.answer(r, &req)
	if resp != nil {
		req.Status = resp.status
		defer resp.send(w)
	}
	s.mu.Lock()
	s.log = append(s.log, req)
	s.mu.Unlock()
}

// answer is the response to r, nil when the client went away first. As the real API, it
// checks credentials, the route, the method, then parameters; faults apply after all.
func (s *Server) answer(r *http.Request, req *Request) *response {
	if resp, stop := s.wait(r, time.Duration(s.latency.Load())); stop {
		return resp
	}
	if user, pass, ok := r.BasicAuth(); !ok || !slices.Contains(accepted, credential{user, pass}) {
		return statusError(http.StatusUnauthorized).with("WWW-Authenticate", `Basic realm="Twilio API"`)
	}
	req.Authorized = true
	i := slices.IndexFunc(s.routes, func(rt route) bool { return rt.re.MatchString(req.Path) })
	q, qErr := url.ParseQuery(r.URL.RawQuery)
	switch {
	case i < 0:
		return notFound(req.Path)
	case r.Method != http.MethodGet:
		return fail(http.StatusMethodNotAllowed, "", "Method "+r.Method+" is not allowed; use GET").with("Allow", http.MethodGet)
	case qErr != nil:
		return fail(http.StatusBadRequest, "", "Malformed query string: "+qErr.Error())
	}
	build, hasToken, bad := s.routes[i].resolve(req.Path, s.routes[i].re.FindStringSubmatch(req.Path)[1:], q)
	if bad != nil {
		return bad
	}
	f := s.takeFault(s.routes[i].ep, hasToken) // the zero Fault, without effect, when none applies
	if resp := replacement(f); resp != nil {
		return resp
	}
	if resp, stop := s.wait(r, f.Delay); stop { // FaultSlow; Inject zeroes the others' Delay
		return resp
	}
	resp := build(f.Kind)
	switch f.Kind {
	case FaultConnectionReset:
		resp.reset = true
	case FaultTruncatedJSON:
		resp.body = resp.body[:len(resp.body)/2]
	}
	return resp
}

// wait sleeps d unless the client goes away (nil, stop) or the server closes (a 503,
// stop), so that no delay outlives its client or holds Close up.
func (s *Server) wait(r *http.Request, d time.Duration) (resp *response, stop bool) {
	if d <= 0 {
		return nil, false
	}
	select {
	case <-time.After(d):
		return nil, false
	case <-r.Context().Done():
		return nil, true
	case <-s.done:
		return fail(http.StatusServiceUnavailable, "", "The server is shutting down"), true
	}
}

// response is a whole answer, built before anything is sent so that a fault can replace,
// delay or cut it, and so that Content-Length is always exact: a client that reads to EOF
// and one that trusts the length see the same body.
type response struct {
	status int
	header map[string]string
	body   []byte
	reset  bool // FaultConnectionReset: half of the body, then a TCP reset
}

func (r *response) send(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(r.body)))
	w.WriteHeader(r.status)
	if !r.reset {
		_, _ = w.Write(r.body) // a client that hung up is not the server's error
		return
	}
	_, _ = w.Write(r.body[:len(r.body)/2])
	if rc := http.NewResponseController(w); rc.Flush() == nil {
		if conn, _, err := rc.Hijack(); err == nil { // without a connection (NewHandler), the body is only short
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0) // RST rather than FIN, as from a crashed peer
			}
			_ = conn.Close()
		}
	}
}

func (r *response) with(header, value string) *response { r.header[header] = value; return r }

func withBody(status int, contentType string, body []byte) *response {
	return &response{status: status, header: map[string]string{"Content-Type": contentType}, body: body}
}

// mustJSON is json.Marshal without HTML escaping: a real server sends "<" and "&" as they
// are, and a client's decoder must take them.
func mustJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	must(enc.Encode(v))
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func ok(v any) *response { return withBody(http.StatusOK, "application/json", mustJSON(v)) }

// clone is v as a client decodes it: a deep copy sharing no memory with v.
func clone[T any](v any) T {
	var out T
	must(json.Unmarshal(mustJSON(v), &out))
	return out
}

func must(err error) {
	if err != nil {
		panic("intelligencetest: " + err.Error())
	}
}

// fail is the v1 error body of every Intelligence v3 error; param names the parameter at
// fault. Codes follow Twilio's REST conventions (20001 invalid parameter, 20003
// authentication, 20004 method not allowed, 20404 not found...): this API documents none.
func fail(status int, param, message string) *response {
	code := cmp.Or(map[int]int{400: 20001, 401: 20003, 405: 20004}[status], 20000+status)
	userError := status < 500
	body := intelligence.ErrorBody{Code: code, Message: message, HTTPStatusCode: status, UserError: &userError,
		Params: map[string]string{"twilioErrorCodeUrl": "https://www.twilio.com/docs/errors/" + strconv.Itoa(code)}}
	if param != "" {
		body.Params["parameter"] = param
	}
	return withBody(status, "application/json", mustJSON(body))
}

// badParam names the parameter first, as a Terraform diagnostic shows it.
func badParam(param, format string, args ...any) *response {
	return fail(http.StatusBadRequest, param, fmt.Sprintf("Invalid parameter '%s': ", param)+fmt.Sprintf(format, args...))
}

func statusError(status int) *response {
	return fail(status, "", cmp.Or(map[int]string{
		401: "Authentication Error - invalid credentials",
		403: "Forbidden: these credentials may not use Conversational Intelligence",
		429: "Too Many Requests: rate limit exceeded",
	}[status], strconv.Itoa(status)+" "+http.StatusText(status)))
}

func notFound(path string) *response {
	return fail(http.StatusNotFound, "", "The requested resource "+path+" was not found")
}

// Request is one request the server received, for tests to assert on what a client sent.
// Headers are not kept, so the log cannot leak the Authorization header's credentials.
type Request struct {
	Method string
	// Path is the escaped path, as the router saw it.
	Path string
	// Query is the parsed query, nil when it could not be parsed.
	Query url.Values
	// RawQuery is the query exactly as sent.
	RawQuery string
	// Status is the status sent; 0 when the client went away before.
	Status int
	// Authorized reports whether the request carried accepted credentials.
	Authorized bool
	// Time is when the request arrived.
	Time time.Time
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	out := append([]Request(nil), s.log...)
	s.mu.Unlock()
	for i := range out {
		if q, err := url.ParseQuery(out[i].RawQuery); err == nil {
			out[i].Query = q
		}
	}
	return out
}

// RequestCount is len(Requests()) without the copy.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	s.log = nil
	s.mu.Unlock()
}
