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
// It is stricter than a forgiving mock, so that a client which passes here does not meet
// its first 400 in production: unknown, repeated or empty parameters, out-of-range values,
// windows wider than 31 days, malformed ids and page tokens replayed with another query
// are 400s with the v1 error body, and every page token needs URL escaping.
//
// Every list is one generic paged collection plus a filter per endpoint. Faults are queued
// with Server.Inject; every request is recorded for Server.Requests.
package intelligencetest
