package intelligencetest

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind is a way the API, or something between the client and it, misbehaves.
type FaultKind int

const (
	// FaultRateLimit answers 429 with the v1 body, X-RateLimit-Limit,
	// X-RateLimit-Remaining: 0, X-RateLimit-Reset (Fault.RateLimitReset, default "1") and,
	// only when Fault.RetryAfter is set, Retry-After: the API documents the X-RateLimit
	// headers, so a client must cope with either.
	FaultRateLimit FaultKind = iota + 1
	// FaultStatus answers Fault.Status (a 5xx, default 500) with the v1 body.
	FaultStatus
	// FaultErrorBody answers Fault.Status (default 400) with the v1 body; userError is
	// true for 4xx. Use it for errors the data set cannot produce, such as 403.
	FaultErrorBody
	// FaultHTML answers Fault.Status (default 502) with an HTML error page, as a proxy or
	// load balancer in front of the API would: the body is not the v1 error body.
	FaultHTML
	// FaultSlow waits Fault.Delay, then answers normally. The wait ends early when the
	// client gives up or the server closes.
	FaultSlow
	// FaultConnectionReset sends the headers of the normal response, with a
	// Content-Length for all of its body, and half of the body, then resets the TCP
	// connection. It needs a real connection: through NewHandler without one, the body is
	// only cut short.
	FaultConnectionReset
	// FaultMalformedJSON answers 200 application/json with a body that is not JSON.
	FaultMalformedJSON
	// FaultTruncatedJSON answers with the first half of the normal body, its
	// Content-Length matching, and keeps the connection open: the transport sees a
	// complete response and only a JSON decoder notices.
	FaultTruncatedJSON
	// FaultEmptyBody answers 200 application/json with no body at all.
	FaultEmptyBody
	// FaultMissingItems answers a list request with the page's meta but no items key.
	FaultMissingItems
	// FaultItemsNotList answers a list request with "items": {} instead of an array.
	FaultItemsNotList
	// FaultRepeatToken serves the requested page with, as its nextToken, the token the
	// client sent for it: a client that does not notice loops forever. It only matches
	// list requests that carry a pageToken (before that, no token has been handed out).
	FaultRepeatToken
	// FaultEmptyPageWithToken answers a list request with no items and a fresh nextToken
	// that leads back to the same place, where the next request meets this fault again
	// while it lasts (Times -1: forever).
	FaultEmptyPageWithToken
	// FaultDuplicateItems serves the requested page starting with the last items (up to
	// two) of the page before it, as offset paging does when items arrive between
	// requests. It only matches list requests that carry a pageToken.
	FaultDuplicateItems
)

var faultNames = strings.Fields(`FaultRateLimit FaultStatus FaultErrorBody FaultHTML FaultSlow FaultConnectionReset
	FaultMalformedJSON FaultTruncatedJSON FaultEmptyBody FaultMissingItems FaultItemsNotList FaultRepeatToken
	FaultEmptyPageWithToken FaultDuplicateItems`)

// String returns the constant's name, for test names and failure messages.
func (k FaultKind) String() string {
	if k < 1 || int(k) > len(faultNames) {
		return fmt.Sprintf("FaultKind(%d)", int(k))
	}
	return faultNames[k-1]
}

// listOnly reports whether the fault is about pages, so it cannot apply to a fetch: the
// kinds from FaultMissingItems on.
func (k FaultKind) listOnly() bool { return k >= FaultMissingItems }

// Endpoint selects the requests a fault applies to.
type Endpoint int

const (
	// AnyEndpoint matches every request (for list-only kinds: every list request).
	AnyEndpoint Endpoint = iota
	// ListEndpoint matches every list request, whatever the collection: conversations,
	// operator results, operators, an operator's versions, configurations.
	ListEndpoint
	// GetEndpoint matches every fetch of one item, whatever the collection.
	GetEndpoint
)

// Fault is a misbehavior queued with Server.Inject. Faults only count requests that
// passed authentication and parameter validation, to an existing endpoint (the ones the
// server would answer with data, or a 404 for an unknown id), so After counts pages, not
// a client's mistakes. Request.Path tells apart the endpoints a fault hit.
type Fault struct {
	Kind     FaultKind
	Endpoint Endpoint
	// After lets this many matching requests through first: After 1 faults the 2nd page.
	After int
	// Times is how many matching requests to fault: 0 means once, -1 forever.
	Times int
	// Status for FaultStatus, FaultErrorBody and FaultHTML.
	Status int
	// Delay for FaultSlow.
	Delay time.Duration
	// RetryAfter, when set, is sent as Retry-After by FaultRateLimit.
	RetryAfter string
	// RateLimitReset is X-RateLimit-Reset for FaultRateLimit; default "1".
	RateLimitReset string
}

// normalized fills defaults and panics on a fault that could never fire as meant: a
// misconfigured fault should fail the test that wrote it, not silently not happen.
func (f Fault) normalized() Fault {
	fail := func(why string) { panic(fmt.Sprintf("intelligencetest: Inject(%v): %s", f.Kind, why)) }
	if f.Kind < 1 || int(f.Kind) > len(faultNames) {
		fail("unknown kind")
	}
	if f.Endpoint < AnyEndpoint || f.Endpoint > GetEndpoint {
		fail("unknown endpoint")
	}
	if f.Kind.listOnly() && f.Endpoint == GetEndpoint {
		fail("this kind only applies to list requests")
	}
	if f.After < 0 || f.Times < -1 {
		fail("After must be >= 0 and Times >= -1")
	}
	if f.Times == 0 {
		f.Times = 1
	}
	defaults := map[FaultKind]int{FaultStatus: 500, FaultErrorBody: 400, FaultHTML: 502}
	if f.Status == 0 {
		f.Status = defaults[f.Kind]
	}
	switch {
	case f.Kind == FaultStatus && (f.Status < 500 || f.Status > 599):
		fail("Status must be a 5xx")
	case (f.Kind == FaultErrorBody || f.Kind == FaultHTML) && (f.Status < 400 || f.Status > 599):
		fail("Status must be a 4xx or 5xx")
	}
	if f.RateLimitReset == "" {
		f.RateLimitReset = "1"
	}
	return f
}

// pendingFault is a queued fault and how far it has got.
type pendingFault struct {
	Fault
	passed, fired int
}

// faultQueue holds faults in injection order. The first one that matches a request
// decides for it, so a fault queued behind another of the same endpoint waits its turn.
type faultQueue struct {
	mu      sync.Mutex
	pending []*pendingFault
}

func (q *faultQueue) add(f Fault) {
	q.mu.Lock()
	q.pending = append(q.pending, &pendingFault{Fault: f})
	q.mu.Unlock()
}

// take returns the fault to play on a request to ep, if any, and consumes it. Kinds
// about a next page only match requests that carry a pageToken.
func (q *faultQueue) take(ep Endpoint, hasToken bool) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, p := range q.pending {
		if p.Endpoint != AnyEndpoint && p.Endpoint != ep || p.Kind.listOnly() && ep != ListEndpoint ||
			(p.Kind == FaultRepeatToken || p.Kind == FaultDuplicateItems) && !hasToken {
			continue
		}
		if p.passed < p.After {
			p.passed++
			return Fault{}, false
		}
		p.fired++
		if p.Times > 0 && p.fired >= p.Times {
			q.pending = append(q.pending[:i:i], q.pending[i+1:]...)
		}
		return p.Fault, true
	}
	return Fault{}, false
}

// replacement is the response a fault sends instead of the normal one, or false when the
// fault modifies the normal response instead.
func replacement(f Fault) (response, bool) {
	switch f.Kind {
	case FaultRateLimit:
		resp := statusError(http.StatusTooManyRequests)
		resp.header = map[string]string{
			"X-RateLimit-Limit":     "100",
			"X-RateLimit-Remaining": "0",
			"X-RateLimit-Reset":     f.RateLimitReset,
		}
		if f.RetryAfter != "" {
			resp.header["Retry-After"] = f.RetryAfter
		}
		return resp, true
	case FaultStatus, FaultErrorBody:
		return statusError(f.Status), true
	case FaultHTML:
		text := fmt.Sprintf("%d %s", f.Status, http.StatusText(f.Status))
		page := "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text +
			"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
		return response{status: f.Status, contentType: "text/html", body: []byte(page)}, true
	case FaultMalformedJSON:
		return response{status: http.StatusOK, contentType: jsonType, body: []byte(`{"items":[{"id":"conv_conversation_` +
			`01k1etk2y5f1y9fpe2epfdtvv2",status:CLOSED,}],"meta":{"key":"items","pageSize":1},}`)}, true
	case FaultEmptyBody:
		return response{status: http.StatusOK, contentType: jsonType}, true
	}
	return response{}, false
}

// resetConnection plays FaultConnectionReset: headers promising the whole body, half of
// it, then an RST. Where the connection cannot be taken over, the handler just returns
// and the short body is the failure the client sees.
func resetConnection(w http.ResponseWriter, resp response) {
	h := w.Header()
	h.Set("Content-Type", resp.contentType)
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body[:len(resp.body)/2])
	rc := http.NewResponseController(w)
	if rc.Flush() != nil {
		return
	}
	conn, _, err := rc.Hijack()
	if err != nil {
		return
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0) // close with RST rather than FIN, as a crashed peer would
	}
	_ = conn.Close()
}
