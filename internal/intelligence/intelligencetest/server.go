package intelligencetest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// Credential is a username/password pair the server accepts as HTTP Basic auth: an
// account SID and auth token, or an API key SID and secret.
type Credential struct{ Username, Password string }

// Options configures a Server. The zero value serves 250 conversations from seed 1.
type Options struct {
	// Conversations is the number of seeded conversations; 0 means 250. A negative number
	// makes an empty server, without conversations, operator results, operators or
	// configurations, for tests that Add all their data.
	Conversations int
	// Seed seeds the data; 0 means 1. The same options give byte-identical data, tokens
	// and responses.
	Seed int64
	// Newest is the createdAt of the newest conversation; zero means 2026-11-01T00:00:00Z.
	Newest time.Time
	// Span spreads the conversations over [Newest-Span, Newest]; zero means 120 days.
	Span time.Duration
	// Credentials are the accepted Basic auth pairs; nil means {TestAccountSID,
	// TestAuthToken} and {TestAPIKey, TestAPISecret}.
	Credentials []Credential
	// Latency is added before every response.
	Latency time.Duration
}

func (o Options) withDefaults() Options {
	if o.Conversations == 0 {
		o.Conversations = 250
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Newest.IsZero() {
		o.Newest = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.Span <= 0 {
		o.Span = 120 * 24 * time.Hour
	}
	if o.Credentials == nil {
		o.Credentials = []Credential{{TestAccountSID, TestAuthToken}, {TestAPIKey, TestAPISecret}}
	}
	return o
}

// Server is a local Intelligence API. All its methods are safe for concurrent use.
type Server struct {
	creds   []Credential
	latency atomic.Int64 // time.Duration

	conversations  collection[conversation]
	results        collection[intelligence.OperatorResult]
	operators      collection[intelligence.Operator]
	versions       collection[operatorVersion]
	configurations collection[intelligence.Configuration]
	routes         []route

	faults faultQueue
	log    requestLog
	ts     *httptest.Server
	done   chan struct{}
	close  sync.Once
}

// NewHandler returns a Server that is not listening: use it as an http.Handler (the
// standalone binary does) or call ServeHTTP directly.
func NewHandler(opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{creds: opts.Credentials, done: make(chan struct{})}
	s.latency.Store(int64(opts.Latency))
	if opts.Conversations > 0 {
		s.seed(opts)
	}
	s.routes = s.newRoutes()
	return s
}

// NewServer returns a Server listening on a loopback port, as httptest.NewServer does.
// The caller must Close it.
func NewServer(opts Options) *Server {
	s := NewHandler(opts)
	s.ts = httptest.NewServer(s)
	return s
}

// URL is the base URL, such as http://127.0.0.1:41234, without a trailing slash; "" for a
// Server from NewHandler.
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Close answers delayed responses with a 503 at once, then shuts the listener down and
// waits for requests in flight, as httptest.Server.Close does. For a Server from
// NewHandler it only does the former.
func (s *Server) Close() {
	s.close.Do(func() { close(s.done) })
	if s.ts != nil {
		s.ts.Close()
	}
}

// SetLatency changes the delay added before every response.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Inject queues a fault; see Fault and the FaultKind constants. It panics on a fault
// that cannot apply (an unknown kind, a list-only kind for GetEndpoint, a Status out of
// range for its kind).
func (s *Server) Inject(f Fault) { s.faults.add(f.normalized()) }

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request { return s.log.all() }

// RequestCount is len(Requests()) without the copy.
func (s *Server) RequestCount() int { return s.log.count() }

// ResetRequests empties the request log.
func (s *Server) ResetRequests() { s.log.reset() }

// builder makes the response to a request that passed validation; it gets the fault being
// played, if any, to shape list pages.
type builder func(FaultKind) response

// route is one GET endpoint. In pattern, "*" stands for one non-empty path segment, which
// resolve gets in args; resolve validates the request and returns what builds its answer.
type route struct {
	pattern string
	ep      Endpoint
	resolve func(path string, args []string, q url.Values) (b builder, hasToken bool, err *apiError)
}

func (s *Server) newRoutes() []route {
	return []route{
		{"/v3/Conversations", ListEndpoint, listOf(&s.conversations, conversationParams, parseConversationFilter, conversationListItem)},
		{"/v3/Conversations/*", GetEndpoint, fetchOf(&s.conversations, "id", intelligence.ConversationIDPattern, conversationBody)},
		{"/v3/OperatorResults", ListEndpoint, listOf(&s.results, resultParams, parseResultFilter, asIs)},
		{"/v3/OperatorResults/*", GetEndpoint, fetchOf(&s.results, "operatorResultId", intelligence.OperatorResultIDPattern, asIs)},
		{"/v3/ControlPlane/Operators", ListEndpoint, listOf(&s.operators, nil, noFilter, asIs)},
		{"/v3/ControlPlane/Operators/*", GetEndpoint, fetchOf(&s.operators, "id", intelligence.OperatorIDPattern, asIs)},
		{"/v3/ControlPlane/Operators/*/Versions", ListEndpoint, s.listVersions},
		{"/v3/ControlPlane/Operators/*/Versions/*", GetEndpoint, s.fetchVersion},
		{"/v3/ControlPlane/Configurations", ListEndpoint, listOf(&s.configurations, nil, noFilter, asIs)},
		{"/v3/ControlPlane/Configurations/*", GetEndpoint, fetchOf(&s.configurations, "id", intelligence.IntelligenceConfigurationIDPattern, asIs)},
	}
}

func listOf[T any](c *collection[T], params map[string]bool, parse filterFunc[T], view func(*T) any) func(string, []string, url.Values) (builder, bool, *apiError) {
	return func(path string, _ []string, q url.Values) (builder, bool, *apiError) {
		return c.list(path, q, params, parse, view)
	}
}

// fetchOf serves GET <collection>/{id}, where the id must match pattern.
func fetchOf[T any](c *collection[T], param string, pattern *regexp.Regexp, view func(*T) any) func(string, []string, url.Values) (builder, bool, *apiError) {
	return func(path string, args []string, q url.Values) (builder, bool, *apiError) {
		if err := noQuery(q); err != nil {
			return nil, false, err
		}
		if !pattern.MatchString(args[0]) {
			return nil, false, badParam(param, "%q does not match %s", args[0], pattern)
		}
		return c.fetch(path, args[0], view), false, nil
	}
}

// match returns the route path matches and its path parameters.
func (s *Server) match(path string) (*route, []string) {
	segs := strings.Split(path, "/")
next:
	for i := range s.routes {
		pat := strings.Split(s.routes[i].pattern, "/")
		if len(pat) != len(segs) {
			continue
		}
		var args []string
		for j, p := range pat {
			switch {
			case p == "*" && segs[j] != "":
				args = append(args, segs[j])
			case p != segs[j]:
				continue next
			}
		}
		return &s.routes[i], args
	}
	return nil, nil
}

// ServeHTTP serves the API. Order matters and follows the real API: credentials first,
// then the route, the method and the parameters; faults only after all that passed.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The escaped path, so that an id containing %2F is refused as an id rather than
	// routed somewhere else.
	path := r.URL.EscapedPath()
	q, qErr := url.ParseQuery(r.URL.RawQuery)
	lw := &loggingWriter{ResponseWriter: w, log: &s.log, entry: Request{
		Method: r.Method, Path: path, RawQuery: r.URL.RawQuery, Time: time.Now(),
	}}
	if qErr == nil {
		lw.entry.Query = q
	}
	defer lw.record(0) // nothing was sent: the client or the server went away first

	if !s.wait(lw, r, time.Duration(s.latency.Load())) {
		return
	}
	user, pass, ok := r.BasicAuth()
	if !ok || !slices.Contains(s.creds, Credential{user, pass}) {
		resp := errorResponse(&apiError{status: http.StatusUnauthorized, message: defaultMessage(http.StatusUnauthorized)})
		resp.header = map[string]string{"WWW-Authenticate": `Basic realm="Twilio API"`}
		write(lw, resp)
		return
	}
	lw.entry.Authorized = true

	rt, args := s.match(path)
	switch {
	case rt == nil:
		write(lw, notFound(path))
		return
	case r.Method != http.MethodGet:
		resp := errorResponse(&apiError{status: http.StatusMethodNotAllowed, message: "Method " + r.Method + " is not allowed; use GET"})
		resp.header = map[string]string{"Allow": http.MethodGet}
		write(lw, resp)
		return
	case qErr != nil:
		write(lw, errorResponse(&apiError{status: http.StatusBadRequest, message: "Malformed query string: " + qErr.Error()}))
		return
	}
	build, hasToken, apiErr := rt.resolve(path, args, q)
	if apiErr != nil {
		write(lw, errorResponse(apiErr))
		return
	}
	s.respond(lw, r, rt.ep, hasToken, build)
}

// respond plays the next matching fault, if any, around the normal response.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, ep Endpoint, hasToken bool, build builder) {
	f, ok := s.faults.take(ep, hasToken)
	if !ok {
		write(w, build(0))
		return
	}
	if resp, ok := replacement(f); ok {
		write(w, resp)
		return
	}
	if f.Kind == FaultSlow && !s.wait(w, r, f.Delay) {
		return
	}
	resp := build(f.Kind)
	switch f.Kind {
	case FaultConnectionReset:
		resetConnection(w, resp)
		return
	case FaultTruncatedJSON:
		resp.body = resp.body[:len(resp.body)/2]
	}
	write(w, resp)
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
