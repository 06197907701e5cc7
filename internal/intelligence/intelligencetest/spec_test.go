package intelligencetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/go-json-experiment/json/jsontext"

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

// specRouter loads the committed spec for a server's URL, with three changes, each to
// make validation stricter or honest:
//
//   - Response schemas are closed (additionalProperties: false where the spec leaves it
//     open and lists properties), so that validation fails on a field the spec does not
//     define, such as communications in a conversation list item.
//   - Every GET operation lists every error status the server can send. The spec lists
//     some per operation (no 400 on ListOperators, no 429 on FetchConfiguration), but
//     authentication, parameter validation and rate limits apply to all; the bodies are
//     checked against the one error schema the spec gives everywhere, ListConversations'.
//   - OperatorOutputFormat (an operator's format) gains EXTRACTION: OutputFormat (a
//     result's) has it, and the operator whose results are EXTRACTION must say so.
func specRouter(t *testing.T, s *Server) routers.Router {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(filepath.Join("testdata", specFile))
	if err != nil {
		t.Fatal(err)
	}
	// Twilio's file has an example that does not match its schema (an operator version
	// "4" for an integer); everything else must validate.
	noExamples := openapi3.DisableExamplesValidation()
	if err := doc.Validate(loader.Context, noExamples); err != nil {
		t.Fatalf("the spec itself does not validate: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: s.URL()}}
	format := doc.Components.Schemas["OperatorOutputFormat"].Value
	format.Enum = append(format.Enum, "EXTRACTION")

	errorResponses := doc.Paths.Value("/v3/Conversations").Get.Responses
	seen := map[*openapi3.Schema]bool{}
	for path, item := range doc.Paths.Map() {
		if item.Get == nil {
			continue
		}
		for _, status := range []string{"400", "401", "403", "404", "429", "500"} {
			if item.Get.Responses.Value(status) == nil {
				item.Get.Responses.Set(status, errorResponses.Value(status))
			}
		}
		for status, resp := range item.Get.Responses.Map() {
			if resp.Value.Content.Get("application/json") == nil {
				t.Fatalf("GET %s %s has no JSON body", path, status)
			}
			closeSchema(resp.Value.Content.Get("application/json").Schema, seen)
		}
	}
	router, err := legacy.NewRouter(doc, noExamples)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

// closeSchema closes s and the schemas under it. A oneOf's own properties are only
// those its branches share, so it stays open and its branches are closed.
func closeSchema(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	if len(s.Properties) > 0 && len(s.OneOf) == 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		no := false
		s.AdditionalProperties.Has = &no
	}
	for _, p := range s.Properties {
		closeSchema(p, seen)
	}
	for _, sub := range slices.Concat(s.OneOf, s.AllOf) {
		closeSchema(sub, seen)
	}
	closeSchema(s.Items, seen)
	closeSchema(s.AdditionalProperties.Schema, seen)
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
	res, err := validate(t, s, router, target, cred)
	if err != nil { // MultiError lists every item: the first few say enough
		t.Errorf("GET %s: status %d does not conform to the spec: %.1500s\n%.500s", target, res.status, err.Error(), res.body)
	}
	return res.status, res.body
}

func validate(t *testing.T, s *Server, router routers.Router, target string, cred *Credential) (result, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	route, pathParams, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: no route in the spec: %v", target, err)
	}
	res := do(t, s, http.MethodGet, target, cred)
	return res, openapi3filter.ValidateResponse(t.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route, Options: specOptions},
		Status:                 res.status,
		Header:                 res.header,
		Body:                   io.NopCloser(bytes.NewReader(res.body)),
		Options:                specOptions,
	})
}

func TestResponsesConformToSpec(t *testing.T) {
	s := newServer(t, Options{Conversations: 500})
	// The spec's examples validate but for the operator result's, which lacks the
	// metadata its schema requires.
	s.Add(SpecExample())
	s.AddOperator(SpecExampleOperator())
	s.AddConfiguration(SpecExampleConfiguration())
	router := specRouter(t, s)

	t.Run("list pages and fetches", func(t *testing.T) {
		queries := map[string][]url.Values{
			conversationsPath: {
				vals("pageSize", "1000"),
				vals("status", "ACTIVE", "channels", "EMAIL", "channels", "WHATSAPP", "pageSize", "5"),
				vals("createdAtAfter", "2026-10-01T00:00:00Z", "createdAtBefore", "2026-10-31T00:00:00Z",
					"intelligenceConfigurationIds", ic0, "operatorIds", op1, "operatorIds", op2, "pageSize", "3"),
			},
			resultsPath: {vals("pageSize", "1000"), vals("operatorId", op3, "pageSize", "17")},
		}
		for path, keys := range lists(s) {
			several := vals("pageSize", strconv.Itoa(max(len(keys)/5, 1)))
			for _, q := range append(queries[path], several) {
				pages := 0
				for ; ; pages++ {
					status, body := exchange(t, s, router, listURL(path, q), apiKey)
					var p rawPage
					if status != http.StatusOK || json.Unmarshal(body, &p) != nil {
						t.Fatalf("%s: %d", listURL(path, q), status)
					}
					if p.Meta.NextToken == "" {
						break
					}
					q.Set("pageToken", p.Meta.NextToken)
				}
				if pages < 1 && q.Get("pageSize") == several.Get("pageSize") {
					t.Errorf("%s: a single page; the test means to cover later pages", listURL(path, q))
				}
			}
			for _, k := range keys[:min(len(keys), 100)] {
				if status, _ := exchange(t, s, router, path+"/"+k, apiKey); status != http.StatusOK {
					t.Fatalf("%s/%s: %d", path, k, status)
				}
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		op := OperatorIDs[0]
		tests := []struct {
			fault  *Fault
			target string
			cred   *Credential
			want   int
		}{
			{nil, "/v3/Conversations?pageSize=0", apiKey, 400},
			{nil, "/v3/Conversations/conv_conversation_x", apiKey, 400},
			{nil, "/v3/OperatorResults?operatorId=x", apiKey, 400},
			{nil, "/v3/OperatorResults/intelligence_operatorresult_x", apiKey, 400},
			{nil, "/v3/ControlPlane/Operators?pageSize=1001", apiKey, 400},
			{nil, "/v3/ControlPlane/Operators/" + op + "/Versions?pageToken=x", apiKey, 400},
			{nil, "/v3/ControlPlane/Configurations/x", apiKey, 400},
			{nil, "/v3/Conversations", nil, 401},
			{nil, "/v3/ControlPlane/Operators/" + op, &Credential{TestAPIKey, "wrong"}, 401},
			{&Fault{Kind: FaultErrorBody, Status: 403}, "/v3/OperatorResults", apiKey, 403},
			{nil, "/v3/Conversations/conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz", apiKey, 404},
			{nil, "/v3/OperatorResults/intelligence_operatorresult_7zzzzzzzzzzzzzzzzzzzzzzzzz", apiKey, 404},
			{nil, "/v3/ControlPlane/Operators/intelligence_operator_7zzzzzzzzzzzzzzzzzzzzzzzzz/Versions", apiKey, 404},
			{nil, "/v3/ControlPlane/Operators/" + op + "/Versions/77", apiKey, 404},
			{nil, "/v3/ControlPlane/Configurations/intelligence_configuration_7zzzzzzzzzzzzzzzzzzzzzzzzz", apiKey, 404},
			{&Fault{Kind: FaultRateLimit, RetryAfter: "2"}, "/v3/Conversations", apiKey, 429},
			{&Fault{Kind: FaultRateLimit}, "/v3/ControlPlane/Configurations/" + ic0, apiKey, 429},
			{&Fault{Kind: FaultStatus}, "/v3/ControlPlane/Operators/" + op + "/Versions/1", apiKey, 500},
		}
		for _, tt := range tests {
			t.Run(tt.target, func(t *testing.T) {
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

// TestResultsValidateByDiscriminator: an operator result is validated against the branch
// its outputFormat names, and only that one. Without the discriminator, a CLASSIFICATION
// result is valid twice (as ClassificationResult and as JSONResult, whose result is any
// object) and a strict oneOf rejects it; with it, a CLASSIFICATION result whose result has
// no label is refused.
func TestResultsValidateByDiscriminator(t *testing.T) {
	s := newServer(t, Options{Conversations: 20})
	router := specRouter(t, s)
	results := s.OperatorResults()
	i := slices.IndexFunc(results, func(r intelligence.OperatorResult) bool { return *r.OutputFormat == "CLASSIFICATION" })
	if i < 0 {
		t.Fatal("no CLASSIFICATION result")
	}
	bad := results[i]
	bad.ID, bad.Result = "intelligence_operatorresult_01bbbbbbbbbbbbbbbbbbbbbbbb", jsontext.Value(`{"text":"no label"}`)
	s.AddOperatorResult(bad)
	if status, _ := exchange(t, s, router, resultsPath+"/"+results[i].ID, apiKey); status != 200 {
		t.Fatalf("status %d", status)
	}
	var schemaErr *openapi3.SchemaError
	if _, err := validate(t, s, router, resultsPath+"/"+bad.ID, apiKey); !errors.As(err, &schemaErr) {
		t.Errorf("a CLASSIFICATION result without a label: %v, want a schema error", err)
	}
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
		{"/v3/OperatorResults?conversationId=" + id + "&operatorId=" + op2 + "&intelligenceConfigurationId=" + ic3, true},
		{"/v3/OperatorResults?conversationId=conv_1", false},
		{"/v3/OperatorResults?operatorId=" + ic0, false},
		{"/v3/ControlPlane/Operators?pageSize=1", true},
		{"/v3/ControlPlane/Operators?pageSize=0", false},
		{"/v3/ControlPlane/Operators/" + op0 + "/Versions?pageSize=1000", true},
		{"/v3/ControlPlane/Operators/" + op0 + "/Versions/1", true},
		{"/v3/ControlPlane/Operators/" + op0 + "/Versions/one", false},
		{"/v3/ControlPlane/Operators/operator_1", false},
		{"/v3/ControlPlane/Configurations/" + ic2, true},
		{"/v3/ControlPlane/Configurations?pageSize=1001", false},
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
