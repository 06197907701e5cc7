// Package intelligencetest is a local Twilio Conversational Intelligence API v3, in the
// spirit of net/http/httptest, for testing the client and the provider without Twilio.
//
// It serves the two operations the provider reads, ListConversations
// (GET /v3/Conversations) and FetchConversation (GET /v3/Conversations/{id}), over a
// deterministic seeded data set, and it is deliberately stricter than a forgiving mock:
// unknown or repeated parameters, out-of-range values, windows wider than 31 days and
// page tokens replayed with different filters are all 400s, page tokens always need URL
// escaping, and every error is the v1 error body the spec describes. The point is that a
// client which passes its tests here does not meet its first 400 in production.
//
// Faults (rate limits, 5xx, proxies' HTML pages, broken connections, malformed or
// truncated JSON and misbehaving pagination) can be queued with Server.Inject, and every
// request is recorded for assertions with Server.Requests.
package intelligencetest
