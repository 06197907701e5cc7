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
	"strings"
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

type result struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request; cred nil sends no Authorization header. target is the path with
// its query, sent as is (so tests control escaping).
func do(t testing.TB, s *Server, method, target string, cred *Credential) result {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL()+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cred != nil {
		req.SetBasicAuth(cred.Username, cred.Password)
	}
	resp, err := s.ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, target, err)
	}
	return result{resp.StatusCode, resp.Header, body}
}

func get(t testing.TB, s *Server, target string) result {
	t.Helper()
	return do(t, s, http.MethodGet, target, apiKey)
}

func listURL(q url.Values) string {
	if len(q) == 0 {
		return "/v3/Conversations"
	}
	return "/v3/Conversations?" + q.Encode()
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

// page fetches one list page and fails the test unless it is a 200.
func page(t testing.TB, s *Server, q url.Values) intelligence.Page[intelligence.Conversation] {
	t.Helper()
	res := get(t, s, listURL(q))
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %.300s", listURL(q), res.status, res.body)
	}
	var p intelligence.Page[intelligence.Conversation]
	decodeStrict(t, res.body, &p)
	return p
}

// listIDs pages through everything q selects, the way a correct client does: the same
// parameters on every page, the token escaped.
func listIDs(t testing.TB, s *Server, q url.Values) []string {
	t.Helper()
	ids, err := walkIDs(t.Context(), s, q)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// walkIDs is listIDs for goroutines, which must not call t.Fatal.
func walkIDs(ctx context.Context, s *Server, q url.Values) ([]string, error) {
	q = cloneValues(q)
	var ids []string
	for pages := 0; pages < 10_000; pages++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+listURL(q), nil)
		if err != nil {
			return nil, err
		}
		req.SetBasicAuth(TestAPIKey, TestAPISecret)
		resp, err := s.ts.Client().Do(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", listURL(q), err)
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: status %d: %.300s", listURL(q), resp.StatusCode, body)
		}
		var p intelligence.Page[intelligence.Conversation]
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, err
		}
		for _, c := range p.Items {
			ids = append(ids, c.ID)
		}
		if p.Meta.NextToken == "" {
			return ids, nil
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
	if e.HTTPStatusCode != status || e.Code == 0 || e.Message == "" || e.UserError == nil {
		t.Errorf("incomplete v1 error body: %s", res.body)
	}
	if e.UserError != nil && *e.UserError != (status < 500) {
		t.Errorf("userError %v for status %d", *e.UserError, status)
	}
	return e
}

func ids(cs []intelligence.Conversation) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func vals(kv ...string) url.Values {
	q := url.Values{}
	for ; len(kv) >= 2; kv = kv[2:] {
		q.Add(kv[0], kv[1])
	}
	return q
}

func mustContain(t testing.TB, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%q does not contain %q", s, sub)
	}
}
