package intelligencetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

const specFile = "twilio_intelligence_v3.json"

// specSHA256 is the digest shared/spec/README.md records for Twilio's published file.
const specSHA256 = "fc1aabd874463cd936bfd936e44dc17f6ae16ca9ccbe3cabdd566bcab483213f"

func sha256File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestSpecCopy: the committed copy is Twilio's file byte for byte, and the same as the
// shared one where that exists (../shared/spec from the repository root in CI).
func TestSpecCopy(t *testing.T) {
	ours := sha256File(t, filepath.Join("testdata", specFile))
	if ours != specSHA256 {
		t.Errorf("testdata/%s has sha256 %s, want %s", specFile, ours, specSHA256)
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for ; ; dir = filepath.Dir(dir) {
		shared := filepath.Join(dir, "shared", "spec", specFile)
		if _, err := os.Stat(shared); err == nil {
			if theirs := sha256File(t, shared); theirs != ours {
				t.Errorf("%s (sha256 %s) differs from testdata/%s (%s): copy it again", shared, theirs, specFile, ours)
			}
			return
		}
		if filepath.Dir(dir) == dir {
			t.Skipf("no shared/spec/%s above the working directory; only the committed copy was checked", specFile)
		}
	}
}

// specRouter loads the committed spec for a server's URL. It also closes the response
// schemas of the two operations (additionalProperties: false), so that validation fails
// on a field the spec does not define, such as communications in a list item.
func specRouter(t *testing.T, s *Server) routers.Router {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(filepath.Join("testdata", specFile))
	if err != nil {
		t.Fatal(err)
	}
	// Twilio's file has an example that does not match its schema (an operator version
	// "4" for an integer) in an operation this provider does not use; everything else
	// must validate.
	noExamples := openapi3.DisableExamplesValidation()
	if err := doc.Validate(loader.Context, noExamples); err != nil {
		t.Fatalf("the spec itself does not validate: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: s.URL()}}
	seen := map[*openapi3.Schema]bool{}
	for _, path := range []string{"/v3/Conversations", "/v3/Conversations/{id}"} {
		for _, resp := range doc.Paths.Value(path).Get.Responses.Map() {
			closeSchema(resp.Value.Content.Get("application/json").Schema, seen)
		}
	}
	router, err := legacy.NewRouter(doc, noExamples)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

func closeSchema(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		no := false
		s.AdditionalProperties.Has = &no
	}
	for _, p := range s.Properties {
		closeSchema(p, seen)
	}
	closeSchema(s.Items, seen)
}

var specOptions = &openapi3filter.Options{
	AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
	IncludeResponseStatus:   true, // a status the spec does not list is a failure
	MultiError:              true,
	SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
}

// exchange sends target to s and validates the response against the spec; it returns the
// status and body.
func exchange(t *testing.T, s *Server, router routers.Router, target string, cred *Credential) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cred != nil {
		req.SetBasicAuth(cred.Username, cred.Password)
	}
	route, pathParams, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: no route in the spec: %v", target, err)
	}
	resp, err := s.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	err = openapi3filter.ValidateResponse(t.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route, Options: specOptions},
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                specOptions,
	})
	if err != nil { // MultiError lists every item: the first few say enough
		t.Errorf("GET %s: status %d does not conform to the spec: %.1500s\n%.500s", target, resp.StatusCode, err.Error(), body)
	}
	return resp.StatusCode, body
}

func TestResponsesConformToSpec(t *testing.T) {
	s := newServer(t, Options{Conversations: 500})
	router := specRouter(t, s)

	t.Run("list pages", func(t *testing.T) {
		for _, q := range []url.Values{
			vals("pageSize", "1000"),
			vals("pageSize", "17"),
			vals("status", "ACTIVE", "channels", "EMAIL", "channels", "WHATSAPP", "pageSize", "5"),
			vals("createdAtAfter", "2026-10-01T00:00:00Z", "createdAtBefore", "2026-10-31T00:00:00Z",
				"intelligenceConfigurationIds", ic0, "operatorIds", op1, "operatorIds", op2, "pageSize", "3"),
			vals("conversationConfigurationId", cc2, "status", "CLOSED"),
			vals("channels", "RCS", "status", "INACTIVE", "operatorIds", op3, "createdAtBefore", "2026-08-01T00:00:00Z"),
		} {
			pages := 0
			for {
				status, body := exchange(t, s, router, listURL(q), apiKey)
				if status != http.StatusOK {
					t.Fatalf("%s: %d", q.Encode(), status)
				}
				var p intelligence.Page[intelligence.Conversation]
				decodeStrict(t, body, &p)
				pages++
				if p.Meta.NextToken == "" {
					break
				}
				q.Set("pageToken", p.Meta.NextToken)
			}
			if pages < 2 && q.Get("pageSize") == "17" {
				t.Errorf("%s: only %d page(s): the test means to cover later pages", q.Encode(), pages)
			}
		}
	})

	t.Run("fetch", func(t *testing.T) {
		for _, c := range s.Conversations()[:100] {
			if status, _ := exchange(t, s, router, "/v3/Conversations/"+c.ID, apiKey); status != http.StatusOK {
				t.Fatalf("%s: %d", c.ID, status)
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		id := s.Conversations()[0].ID
		tests := []struct {
			name   string
			fault  *Fault
			target string
			cred   *Credential
			want   int
		}{
			{"400 list", nil, "/v3/Conversations?pageSize=0", apiKey, 400},
			{"400 fetch", nil, "/v3/Conversations/conv_conversation_x", apiKey, 400},
			{"401", nil, "/v3/Conversations", nil, 401},
			{"401 fetch", nil, "/v3/Conversations/" + id, &Credential{TestAPIKey, "wrong"}, 401},
			{"403", &Fault{Kind: FaultErrorBody, Status: 403}, "/v3/Conversations", apiKey, 403},
			{"404", nil, "/v3/Conversations/conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz", apiKey, 404},
			{"429 with Retry-After", &Fault{Kind: FaultRateLimit, RetryAfter: "2"}, "/v3/Conversations", apiKey, 429},
			{"429 fetch", &Fault{Kind: FaultRateLimit}, "/v3/Conversations/" + id, apiKey, 429},
			{"500", &Fault{Kind: FaultStatus}, "/v3/Conversations", apiKey, 500},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.fault != nil {
					s.Inject(*tt.fault)
				}
				if status, _ := exchange(t, s, router, tt.target, tt.cred); status != tt.want {
					t.Errorf("status %d, want %d", status, tt.want)
				}
			})
		}
	})
}

// TestRequestValidationAgrees: where kin-openapi's reading of the spec refuses a request,
// the server refuses it too, and where it accepts one, so does the server.
func TestRequestValidationAgrees(t *testing.T) {
	s := newServer(t, Options{})
	router := specRouter(t, s)
	id := s.Conversations()[0].ID
	tests := []struct {
		target string
		valid  bool
	}{
		{"/v3/Conversations", true},
		{"/v3/Conversations?pageSize=1000&status=CLOSED&channels=VOICE&channels=SMS", true},
		{"/v3/Conversations?createdAtAfter=2026-10-01T00:00:00Z&createdAtBefore=2026-10-02T00:00:00.5%2B02:00", true},
		{"/v3/Conversations?intelligenceConfigurationIds=" + ic0 + "&operatorIds=" + op0 + "&operatorIds=" + op1, true},
		{"/v3/Conversations/" + id, true},
		{"/v3/Conversations?pageSize=0", false},
		{"/v3/Conversations?pageSize=1001", false},
		{"/v3/Conversations?pageSize=ten", false},
		{"/v3/Conversations?status=closed", false},
		{"/v3/Conversations?channels=VOICE&channels=FAX", false},
		{"/v3/Conversations?intelligenceConfigurationIds=intelligence_configuration_x", false},
		{"/v3/Conversations?operatorIds=" + ic0, false},
		{"/v3/Conversations?createdAtAfter=2026-10-01", false},
		{"/v3/Conversations?createdAtBefore=2026-10-01T00:00:00", false},
		{"/v3/Conversations/conv_conversation_81k1etk2y5f1y9fpe2epfdtvv2", false},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+tt.target, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.SetBasicAuth(TestAPIKey, TestAPISecret)
			route, pathParams, err := router.FindRoute(req)
			if err != nil {
				t.Fatal(err)
			}
			specErr := openapi3filter.ValidateRequest(t.Context(), &openapi3filter.RequestValidationInput{
				Request: req, PathParams: pathParams, Route: route, Options: specOptions,
			})
			if (specErr == nil) != tt.valid {
				t.Fatalf("kin-openapi says valid=%v (%v); the table says %v", specErr == nil, specErr, tt.valid)
			}
			status, body := exchange(t, s, router, tt.target, apiKey)
			if want := map[bool]int{true: 200, false: 400}[tt.valid]; status != want {
				t.Errorf("server: %d, want %d: %.300s", status, want, body)
			}
		})
	}
}
