package intelligencetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// newServer starts a server that the test closes when it ends.
func newServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// emptyServer is a server without seeded data, for tests that Add exactly what they need.
func emptyServer(t testing.TB) *Server {
	t.Helper()
	return newServer(t, Options{Conversations: -1})
}

var apiKey = &Credential{TestAPIKey, TestAPISecret}

const (
	conversationsPath  = "/v3/Conversations"
	resultsPath        = "/v3/OperatorResults"
	operatorsPath      = "/v3/ControlPlane/Operators"
	configurationsPath = "/v3/ControlPlane/Configurations"
)

func versionsPath(operatorID string) string { return operatorsPath + "/" + operatorID + "/Versions" }

type result struct {
	status int
	header http.Header
	body   []byte
}

// send sends one request; cred nil sends no Authorization header. target is the path with
// its query, sent as is (so tests control escaping).
func send(ctx context.Context, s *Server, method, target string, cred *Credential) (result, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.URL()+target, nil)
	if err != nil {
		return result{}, err
	}
	if cred != nil {
		req.SetBasicAuth(cred.Username, cred.Password)
	}
	resp, err := s.ts.Client().Do(req)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return result{resp.StatusCode, resp.Header, body}, err
}

func do(t testing.TB, s *Server, method, target string, cred *Credential) result {
	t.Helper()
	res, err := send(t.Context(), s, method, target, cred)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	return res
}

func get(t testing.TB, s *Server, target string) result {
	t.Helper()
	return do(t, s, http.MethodGet, target, apiKey)
}

func listURL(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// decodeStrict decodes body into v refusing unknown fields, so that a response carrying
// a field the wire types do not know fails the test.
func decodeStrict(t testing.TB, body []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding %.300s: %v", body, err)
	}
}

// rawPage is a page of any list endpoint.
type rawPage struct {
	Items []json.RawMessage     `json:"items"`
	Meta  intelligence.PageMeta `json:"meta"`
}

// keys are the page's item ids, or for operator versions their numbers.
func (p rawPage) keys() []string {
	out := make([]string, len(p.Items))
	for i, it := range p.Items {
		var k struct {
			ID      string
			Version json.Number
		}
		_ = json.Unmarshal(it, &k)
		out[i] = k.ID
		if k.ID == "" {
			out[i] = k.Version.String()
		}
	}
	return out
}

// page fetches one list page and fails the test unless it is a 200.
func page(t testing.TB, s *Server, path string, q url.Values) rawPage {
	t.Helper()
	res := get(t, s, listURL(path, q))
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %.300s", listURL(path, q), res.status, res.body)
	}
	var p rawPage
	decodeStrict(t, res.body, &p)
	return p
}

// listKeys pages through everything q selects, the way a correct client does: the same
// parameters on every page, the token escaped.
func listKeys(t testing.TB, s *Server, path string, q url.Values) []string {
	t.Helper()
	keys, err := walk(t.Context(), s, path, q)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// walk is listKeys for goroutines, which must not call t.Fatal.
func walk(ctx context.Context, s *Server, path string, q url.Values) ([]string, error) {
	q = clone[url.Values](q)
	if q == nil {
		q = url.Values{}
	}
	var keys []string
	for range 10_000 {
		res, err := send(ctx, s, http.MethodGet, listURL(path, q), apiKey)
		if err != nil {
			return nil, err
		}
		var p rawPage
		if res.status != http.StatusOK || json.Unmarshal(res.body, &p) != nil {
			return nil, fmt.Errorf("GET %s: status %d: %.300s", listURL(path, q), res.status, res.body)
		}
		keys = append(keys, p.keys()...)
		if p.Meta.NextToken == "" {
			return keys, nil
		}
		q.Set("pageToken", p.Meta.NextToken)
	}
	return nil, errors.New("more than 10,000 pages: the server does not terminate")
}

// apiErr checks that res is a v1 error body with the given status and returns it.
func apiErr(t testing.TB, res result, status int) intelligence.ErrorBody {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d: %.300s", res.status, status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var e intelligence.ErrorBody
	decodeStrict(t, res.body, &e)
	if e.HTTPStatusCode != status || e.Code == 0 || e.Message == "" || e.UserError == nil || *e.UserError != (status < 500) {
		t.Errorf("incomplete v1 error body: %s", res.body)
	}
	return e
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func convIDs(cs []intelligence.Conversation) []string {
	return ids(cs, func(c intelligence.Conversation) string { return c.ID })
}

func vals(kv ...string) url.Values {
	q := url.Values{}
	for ; len(kv) >= 2; kv = kv[2:] {
		q.Add(kv[0], kv[1])
	}
	return q
}
