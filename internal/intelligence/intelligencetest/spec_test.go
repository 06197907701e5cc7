package intelligencetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

const specFile = "twilio_intelligence_v3.json"

// TestSpecCopy: the committed copy is Twilio's file (the digest shared/spec/README.md
// records), and the shared copy above the working directory, where there is one.
func TestSpecCopy(t *testing.T) {
	ours, err := os.ReadFile(filepath.Join("testdata", specFile))
	if sum := sha256.Sum256(ours); err != nil || hex.EncodeToString(sum[:]) != "fc1aabd874463cd936bfd936e44dc17f6ae16ca9ccbe3cabdd566bcab483213f" {
		t.Errorf("testdata/%s is not Twilio's file (sha256 %x): %v", specFile, sum, err)
	}
	for dir, _ := os.Getwd(); filepath.Dir(dir) != dir; dir = filepath.Dir(dir) {
		if theirs, err := os.ReadFile(filepath.Join(dir, "shared", "spec", specFile)); err == nil {
			if !bytes.Equal(theirs, ours) {
				t.Errorf("%s/shared/spec/%s differs from testdata/%s: copy it again", dir, specFile, specFile)
			}
			return
		}
	}
	t.Skipf("no shared/spec/%s above the working directory: only the committed copy was checked", specFile)
}

// specRouter loads the spec for s, with three changes, each to make validation stricter
// or honest:
//
//   - Response schemas are closed (additionalProperties: false where the spec lists
//     properties and says nothing), so that a field the spec does not define fails, such
//     as communications in a conversation list item.
//   - Every GET lists every error status: the spec leaves some out per operation (no 400
//     on ListOperators, no 429 on FetchConfiguration), but authentication, validation and
//     rate limits apply to all. The bodies are checked against the one error schema.
//   - OperatorOutputFormat (an operator's) gains EXTRACTION, which OutputFormat (a
//     result's) has: the operator whose results are EXTRACTION must say so.
//
// Operator results are validated by their discriminator (outputFormat), so that a result
// is held to the one branch its format names (TestResultsValidateByDiscriminator).
func specRouter(t *testing.T, s *Server) routers.Router {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(filepath.Join("testdata", specFile))
	if err != nil {
		t.Fatal(err)
	}
	// One of Twilio's examples does not match its schema (an operator version "4").
	noExamples := openapi3.DisableExamplesValidation()
	if err := doc.Validate(loader.Context, noExamples); err != nil {
		t.Fatalf("the spec itself does not validate: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: s.URL()}}
	format := doc.Components.Schemas["OperatorOutputFormat"].Value
	format.Enum = append(format.Enum, "EXTRACTION")
	errorResponses := doc.Paths.Value(convsPath).Get.Responses
	seen := map[*openapi3.Schema]bool{}
	for _, item := range doc.Paths.Map() {
		if item.Get == nil {
			continue
		}
		for _, status := range []string{"400", "401", "403", "404", "429", "500"} {
			if item.Get.Responses.Value(status) == nil {
				item.Get.Responses.Set(status, errorResponses.Value(status))
			}
		}
		for _, resp := range item.Get.Responses.Map() {
			closeSchema(resp.Value.Content.Get("application/json").Schema, seen)
		}
	}
	router, err := legacy.NewRouter(doc, noExamples)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

// closeSchema closes ref and what is under it. A oneOf's own properties are only those its
// branches share, so it stays open and its branches are closed.
func closeSchema(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	if len(s.Properties) > 0 && len(s.OneOf) == 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		s.AdditionalProperties.Has = ptr(false)
	}
	for _, p := range s.Properties {
		closeSchema(p, seen)
	}
	for _, sub := range slices.Concat(s.OneOf, s.AllOf, []*openapi3.SchemaRef{s.Items, s.AdditionalProperties.Schema}) {
		closeSchema(sub, seen)
	}
}

var specOptions = &openapi3filter.Options{
	AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
	IncludeResponseStatus:   true, // a status the spec does not list fails
	MultiError:              true,
	SchemaValidationOptions: []openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()},
}

// specChecker sends requests to a server and holds them and their responses to the spec.
type specChecker struct {
	t      *testing.T
	s      *Server
	router routers.Router
}

// exchange sends target and returns the response and kin-openapi's verdicts on the
// request and the response; both nil but for a GET of a path the spec has.
func (c specChecker) exchange(method, target string, cred *credential) (res reply, requestErr, responseErr error) {
	c.t.Helper()
	res = do(c.t, c.s, method, target, cred)
	req, _ := http.NewRequestWithContext(c.t.Context(), method, c.s.URL()+target, nil)
	if route, pathParams, err := c.router.FindRoute(req); err == nil && method == http.MethodGet { // the server only reads
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route, Options: specOptions}
		return res, openapi3filter.ValidateRequest(c.t.Context(), in), openapi3filter.ValidateResponse(c.t.Context(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: res.status, Header: res.header, Body: io.NopCloser(bytes.NewReader(res.body)), Options: specOptions,
		})
	}
	return res, nil, nil
}

// do is exchange that fails the test when the response does not conform to the spec.
func (c specChecker) do(method, target string, cred *credential) (reply, error) {
	c.t.Helper()
	res, requestErr, err := c.exchange(method, target, cred)
	if err != nil { // MultiError lists every item: the first few say enough
		c.t.Errorf("%s %s: status %d does not conform to the spec: %.1500s\n%.500s", method, target, res.status, err, res.body)
	}
	return res, requestErr
}

// TestResultsValidateByDiscriminator: without the discriminator, a CLASSIFICATION result
// would be valid twice (as ClassificationResult and as JSONResult, whose result is any
// object), which a strict oneOf rejects; with it, one without a label is refused.
func TestResultsValidateByDiscriminator(t *testing.T) {
	s := newServer(t, Options{Conversations: 20})
	spec := specChecker{t, s, specRouter(t, s)}
	results := s.OperatorResults()
	i := slices.IndexFunc(results, func(r intelligence.OperatorResult) bool { return *r.OutputFormat == "CLASSIFICATION" })
	bad := results[i]
	bad.ID, bad.Result = "intelligence_operatorresult_01bbbbbbbbbbbbbbbbbbbbbbbb", jsontext.Value(`{"text":"no label"}`)
	s.AddOperatorResult(bad)
	var schemaErr *openapi3.SchemaError
	if _, _, err := spec.exchange(http.MethodGet, resultsPath+"/"+bad.ID, apiKey); !errors.As(err, &schemaErr) {
		t.Errorf("a CLASSIFICATION result without a label: %v, want a schema error", err)
	}
}
