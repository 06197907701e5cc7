package intelligencetest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

const (
	convsPath   = "/v3/Conversations"
	resultsPath = "/v3/OperatorResults"
	opsPath     = "/v3/ControlPlane/Operators"
	configsPath = "/v3/ControlPlane/Configurations"
)

var (
	apiKey                         = &credential{TestAPIKey, TestAPISecret}
	ic0, ic2, ic3                  = IntelligenceConfigurationIDs[0], IntelligenceConfigurationIDs[2], IntelligenceConfigurationIDs[3]
	op0, op1, op3                  = OperatorIDs[0], OperatorIDs[1], OperatorIDs[3]
	convID, unknownConv, unknownOp = "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2", "conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz", "intelligence_operator_7zzzzzzzzzzzzzzzzzzzzzzzzz"
)

func versionsPath(operatorID string) string { return opsPath + "/" + operatorID + "/Versions" }

// newServer starts a server that the test closes when it ends; Conversations -1 makes it
// empty, for tests that Add exactly what they need.
func newServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

// send sends target, a path and a query sent as is, with cred; nil sends no credentials.
func send(ctx context.Context, s *Server, method, target string, cred *credential) (reply, error) {
	req, _ := http.NewRequestWithContext(ctx, method, s.URL()+target, nil)
	if cred != nil {
		req.SetBasicAuth(cred.Username, cred.Password)
	}
	resp, err := s.ts.Client().Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, body}, err
}

func do(t testing.TB, s *Server, method, target string, cred *credential) reply {
	t.Helper()
	res, err := send(t.Context(), s, method, target, cred)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	return res
}

func get(t testing.TB, s *Server, target string) reply {
	t.Helper()
	return do(t, s, http.MethodGet, target, apiKey)
}

func withQuery(path string, q url.Values) string { return path + "?" + q.Encode() }

// decodeStrict refuses unknown fields: a field the wire types do not know fails the test.
func decodeStrict(t testing.TB, body []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding %.300s: %v", body, err)
	}
}

// rawPage is a page of any list.
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
		out[i] = cmp.Or(k.ID, k.Version.String())
	}
	return out
}

// walk follows nextToken from q's page as a correct client does, the same parameters on
// every page and the token escaped, for up to maxPages pages or until a token repeats. It
// returns the pages' keys and the token it stopped at, "" at the end of the list. It does
// not call t.Fatal, for goroutines.
func walk(ctx context.Context, s *Server, path string, q url.Values, maxPages int) (pages [][]string, next string, err error) {
	q, _ = url.ParseQuery(q.Encode()) // a copy, never nil
	for seen := map[string]bool{}; len(pages) < maxPages; seen[next] = true {
		res, err := send(ctx, s, http.MethodGet, withQuery(path, q), apiKey)
		var p rawPage
		if err != nil || res.status != http.StatusOK || json.Unmarshal(res.body, &p) != nil {
			return nil, "", fmt.Errorf("GET %s: status %d: %.300s (%w)", withQuery(path, q), res.status, res.body, err)
		}
		if pages, next = append(pages, p.keys()), p.Meta.NextToken; next == "" || seen[next] {
			return pages, next, nil
		}
		q.Set("pageToken", next)
	}
	return pages, next, nil
}

// listKeys is everything q selects, in order.
func listKeys(t testing.TB, s *Server, path string, q url.Values) []string {
	t.Helper()
	pages, next, err := walk(t.Context(), s, path, q, 10_000)
	if err != nil || next != "" {
		t.Fatalf("%s: %v, stopped at %q after %d pages", path, err, next, len(pages))
	}
	return slices.Concat(pages...)
}

// token is the nextToken of q's page.
func token(t testing.TB, s *Server, path string, q url.Values) string {
	t.Helper()
	_, next, err := walk(t.Context(), s, path, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	return next
}

// apiErr checks that res is a complete v1 error body with status and returns it.
func apiErr(t testing.TB, res reply, status int) intelligence.ErrorBody {
	t.Helper()
	if res.status != status || res.header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d (%s), want %d: %.300s", res.status, res.header.Get("Content-Type"), status, res.body)
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

func vals(kv ...string) url.Values {
	q := url.Values{}
	for ; len(kv) >= 2; kv = kv[2:] {
		q.Add(kv[0], kv[1])
	}
	return q
}

// mustPanic fails the test for each function that does not panic.
func mustPanic(t *testing.T, fs map[string]func()) {
	t.Helper()
	for name, f := range fs {
		t.Run(name, func(t *testing.T) {
			defer func() { _ = recover() }()
			f()
			t.Error("no panic")
		})
	}
}
