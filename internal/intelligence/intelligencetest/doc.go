// Package intelligencetest is a local Twilio Conversational Intelligence API v3, in the
// spirit of net/http/httptest, for testing the client and the provider without Twilio.
//
// It serves the v3 read surface over deterministic seeded data:
//
//	GET /v3/Conversations[/{id}]                          createdAt descending, then id
//	GET /v3/OperatorResults[/{operatorResultId}]          dateCreated descending, then id
//	GET /v3/ControlPlane/Operators[/{id}]                 id ascending (creation order)
//	GET /v3/ControlPlane/Operators/{id}/Versions[/{n}]    version descending
//	GET /v3/ControlPlane/Configurations[/{id}]            id ascending (creation order)
//
// It is deliberately stricter than a forgiving mock: unknown, repeated or empty
// parameters, out-of-range values, windows wider than 31 days, ids that do not match
// their pattern and page tokens replayed with other filters are all 400s, page tokens
// always need URL escaping, and every error is the v1 error body the spec describes. A
// client which passes its tests here does not meet its first 400 in production.
//
// Every list is one generic paged collection: items in API order, a filter per
// endpoint, and page tokens that hold a cursor (the last item's id) bound to the query
// they were issued for, so adding items between pages neither repeats nor skips any.
//
// Faults (rate limits, 5xx, proxies' HTML pages, broken connections, malformed or
// truncated JSON and misbehaving pagination) can be queued with Server.Inject, and every
// request is recorded for assertions with Server.Requests.
package intelligencetest
