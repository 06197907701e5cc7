package intelligencetest

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
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
	// Conversations is the number of seeded conversations; 0 means 250 and a negative
	// number none (for tests that Add all their data).
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
	o.Conversations = max(o.Conversations, 0)
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
	snap    atomic.Pointer[snapshot]
	addMu   sync.Mutex // serializes Add; readers never wait for it
	tokens  tokenCodec
	nonce   atomic.Uint32
	faults  faultQueue
	log     requestLog
	ts      *httptest.Server
	done    chan struct{}
	close   sync.Once
}

// NewHandler returns a Server that is not listening: use it as an http.Handler (the
// standalone binary does) or call ServeHTTP directly.
func NewHandler(opts Options) *Server {
	opts = opts.withDefaults()
	key := sha256.Sum256([]byte("intelligencetest page tokens " + strconv.FormatInt(opts.Seed, 10)))
	s := &Server{
		creds:  opts.Credentials,
		tokens: tokenCodec{key: key[:]},
		done:   make(chan struct{}),
	}
	s.latency.Store(int64(opts.Latency))
	s.snap.Store(newSnapshot(generate(opts)))
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

// Conversations returns a copy of all conversations, communications included, in API
// order (createdAt descending, then id ascending).
func (s *Server) Conversations() []intelligence.Conversation {
	recs := s.snap.Load().recs
	out := make([]intelligence.Conversation, len(recs))
	for i, r := range recs {
		c, err := r.conversation()
		if err != nil { // the server encoded it: failing to decode it is a bug here
			panic("intelligencetest: " + err.Error())
		}
		out[i] = c
	}
	return out
}

// Add adds a crafted conversation, such as one exactly on a window boundary, keeping API
// order. operatorIDs are the Language Operators the operatorIds filter finds it by. Nil
// arrays are served as [], as the spec requires. It panics when c.ID or an operator id
// does not match its pattern, c.CreatedAt is not RFC 3339, or c.ID already exists.
func (s *Server) Add(c intelligence.Conversation, operatorIDs ...string) {
	r, err := addedRecord(c, operatorIDs)
	if err != nil {
		panic("intelligencetest: Add: " + err.Error())
	}
	s.addMu.Lock()
	defer s.addMu.Unlock()
	s.snap.Store(s.snap.Load().with(r))
}

const (
	listPath = "/v3/Conversations"
	getPath  = listPath + "/"
)

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
	if !s.authorized(r) {
		resp := errorResponse(&apiError{status: http.StatusUnauthorized, message: defaultMessage(http.StatusUnauthorized)})
		resp.header = map[string]string{"WWW-Authenticate": `Basic realm="Twilio API"`}
		write(lw, resp)
		return
	}
	lw.entry.Authorized = true

	var ep Endpoint
	switch {
	case path == listPath:
		ep = ListEndpoint
	case strings.HasPrefix(path, getPath) && len(path) > len(getPath) && !strings.Contains(path[len(getPath):], "/"):
		ep = GetEndpoint
	default:
		write(lw, errorResponse(&apiError{status: http.StatusNotFound, message: fmt.Sprintf("The requested resource %s was not found", path)}))
		return
	}
	if r.Method != http.MethodGet {
		resp := errorResponse(&apiError{status: http.StatusMethodNotAllowed, message: "Method " + r.Method + " is not allowed; use GET"})
		resp.header = map[string]string{"Allow": http.MethodGet}
		write(lw, resp)
		return
	}
	if qErr != nil {
		write(lw, errorResponse(&apiError{status: http.StatusBadRequest, message: "Malformed query string: " + qErr.Error()}))
		return
	}

	if ep == ListEndpoint {
		s.serveList(lw, r, q)
	} else {
		s.serveGet(lw, r, path[len(getPath):], q)
	}
}

// authorized compares in constant time, so that the local API does not teach a client
// (or a test) habits a timing side channel would punish.
func (s *Server) authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	match := 0
	for _, c := range s.creds {
		match |= subtle.ConstantTimeCompare([]byte(user), []byte(c.Username)) &
			subtle.ConstantTimeCompare([]byte(pass), []byte(c.Password))
	}
	return match == 1
}

func (s *Server) serveList(w http.ResponseWriter, r *http.Request, q url.Values) {
	lr, apiErr := s.resolveList(q)
	if apiErr != nil {
		write(w, errorResponse(apiErr))
		return
	}
	s.respond(w, r, ListEndpoint, lr.token != "", func(kind FaultKind) response {
		return s.page(lr, kind)
	})
}

func (s *Server) serveGet(w http.ResponseWriter, r *http.Request, id string, q url.Values) {
	if len(q) > 0 {
		write(w, errorResponse(badParam(sortedKeys(q)[0], "unknown query parameter")))
		return
	}
	if !intelligence.ConversationIDPattern.MatchString(id) {
		write(w, errorResponse(badParam("id", "%q does not match %s", id, intelligence.ConversationIDPattern)))
		return
	}
	s.respond(w, r, GetEndpoint, false, func(FaultKind) response {
		rec, ok := s.snap.Load().byID[id]
		if !ok {
			return errorResponse(&apiError{status: http.StatusNotFound, message: "The requested resource /v3/Conversations/" + id + " was not found"})
		}
		b, err := rec.fetchJSON()
		if err != nil {
			return statusError(http.StatusInternalServerError)
		}
		return response{status: http.StatusOK, contentType: jsonType, body: b}
	})
}

// respond plays the next matching fault, if any, around the normal response that build
// makes (build gets the fault's kind to shape list pages).
func (s *Server) respond(w http.ResponseWriter, r *http.Request, ep Endpoint, hasToken bool, build func(FaultKind) response) {
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
		resetConnection(w, resp.status, resp.contentType, resp.bytes())
		return
	case FaultTruncatedJSON:
		body := resp.bytes()
		resp.body, resp.page = body[:len(body)/2], nil
	}
	write(w, resp)
}
