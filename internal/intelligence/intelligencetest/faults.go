package intelligencetest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// FaultKind is a way the API, or something between the client and it, misbehaves.
type FaultKind int

const (
	// FaultRateLimit answers 429 with the v1 body, X-RateLimit-Limit, X-RateLimit-Remaining:
	// 0, X-RateLimit-Reset (Fault.RateLimitReset, default "1") and, only when Fault.RetryAfter
	// is set, Retry-After: the API documents the X-RateLimit headers, so a client must cope
	// with either.
	FaultRateLimit FaultKind = iota + 1
	// FaultStatus answers Fault.Status (a 5xx, default 500) with the v1 body.
	FaultStatus
	// FaultErrorBody answers Fault.Status (default 400) with the v1 body; userError is true
	// for 4xx. Use it for errors the data set cannot produce, such as 403.
	FaultErrorBody
	// FaultHTML answers Fault.Status (default 502) with the HTML error page of a proxy or
	// load balancer in front of the API: not the v1 error body.
	FaultHTML
	// FaultSlow waits Fault.Delay, then answers normally. The wait ends early when the
	// client gives up or the server closes.
	FaultSlow
	// FaultConnectionReset sends the normal response's headers, with a Content-Length for
	// all of its body, and half of the body, then resets the TCP connection. Without a
	// connection (NewHandler), the body is only cut short.
	FaultConnectionReset
	// FaultMalformedJSON answers 200 application/json with a body that is not JSON.
	FaultMalformedJSON
	// FaultTruncatedJSON answers with the first half of the normal body, Content-Length
	// matching, and keeps the connection open: only a JSON decoder notices.
	FaultTruncatedJSON
	// FaultEmptyBody answers 200 application/json with no body at all.
	FaultEmptyBody
	// FaultMissingItems answers a list request with the page's meta but no items key.
	FaultMissingItems
	// FaultItemsNotList answers a list request with "items": {} instead of an array.
	FaultItemsNotList
	// FaultRepeatToken serves the requested page with the token the client sent for it as
	// its nextToken: a client that does not notice loops forever. It only matches list
	// requests that carry a pageToken (before that, no token has been handed out).
	FaultRepeatToken
	// FaultEmptyPageWithToken answers a list request with no items and a fresh nextToken
	// back to the same place, where the next request meets this fault again while it
	// lasts (Times -1: forever).
	FaultEmptyPageWithToken
	// FaultDuplicateItems serves the requested page starting with the last items (up to
	// two) of the page before it, as offset paging does when items arrive between
	// requests. The page still holds at most pageSize items, one of them at least new, so
	// it needs a pageSize of 2 or more to repeat anything. It only matches list requests
	// that carry a pageToken.
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

// listOnly reports whether the kind is about pages, so that it cannot apply to a fetch.
func (k FaultKind) listOnly() bool { return k >= FaultMissingItems }

// pendingFault is a queued fault and how far it has got.
type pendingFault struct {
	Fault
	passed, fired int
}

// Inject queues a fault; see Fault and the FaultKind constants. A fault that could never
// fire as meant panics, failing the test that wrote it: an unknown kind or endpoint, a
// list-only kind for GetEndpoint, After below 0, Times below -1, or a Status out of range.
func (s *Server) Inject(f Fault) {
	status := map[FaultKind]int{FaultStatus: 500, FaultErrorBody: 400, FaultHTML: 502}[f.Kind]
	f.Status, f.Times, f.RateLimitReset = cmp.Or(f.Status, status), cmp.Or(f.Times, 1), cmp.Or(f.RateLimitReset, "1")
	if f.Kind != FaultSlow {
		f.Delay = 0
	}
	if f.Kind < 1 || int(f.Kind) > len(faultNames) || f.Endpoint < AnyEndpoint || f.Endpoint > GetEndpoint ||
		f.Kind.listOnly() && f.Endpoint == GetEndpoint || f.After < 0 || f.Times < -1 ||
		status != 0 && (f.Status < 400 || f.Status > 599) || f.Kind == FaultStatus && f.Status < 500 {
		panic(fmt.Sprintf("intelligencetest: Inject(%+v): this fault cannot fire as documented", f))
	}
	s.mu.Lock()
	s.faults = append(s.faults, &pendingFault{Fault: f})
	s.mu.Unlock()
}

// takeFault returns the fault to play on a request to ep, if any, and counts it. The first
// queued that matches decides: one queued behind another for the same requests waits.
func (s *Server) takeFault(ep Endpoint, hasToken bool) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.faults {
		if p.Endpoint != AnyEndpoint && p.Endpoint != ep || p.Kind.listOnly() && ep != ListEndpoint ||
			(p.Kind == FaultRepeatToken || p.Kind == FaultDuplicateItems) && !hasToken {
			continue
		}
		if p.passed < p.After {
			p.passed++
			return Fault{}
		}
		if p.fired++; p.fired == p.Times {
			s.faults = slices.Delete(s.faults, i, i+1)
		}
		return p.Fault
	}
	return Fault{}
}

// replacement is the response f sends instead of the normal one; nil when f alters the
// normal one.
func replacement(f Fault) *response {
	switch f.Kind {
	case FaultRateLimit:
		resp := statusError(http.StatusTooManyRequests).with("X-RateLimit-Limit", "100").with("X-RateLimit-Remaining", "0").with("X-RateLimit-Reset", f.RateLimitReset)
		if f.RetryAfter != "" {
			resp.header["Retry-After"] = f.RetryAfter
		}
		return resp
	case FaultStatus, FaultErrorBody:
		return statusError(f.Status)
	case FaultHTML:
		text := fmt.Sprintf("%d %s", f.Status, http.StatusText(f.Status))
		return withBody(f.Status, "text/html", []byte("<html>\r\n<head><title>"+text+"</title></head>\r\n<body>\r\n<center><h1>"+
			text+"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"))
	case FaultMalformedJSON:
		return withBody(http.StatusOK, "application/json", []byte(`{"items":[{"id":"conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2",status:CLOSED,}],"meta":{"key":"items","pageSize":1},}`))
	case FaultEmptyBody:
		return withBody(http.StatusOK, "application/json", nil)
	}
	return nil
}
