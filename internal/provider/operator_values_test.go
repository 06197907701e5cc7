package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The values of operator results, operators, operator versions and configurations hold
// every field of the API's JSON under its snake-case name with the API's value; a
// free-form object is compact JSON under its name plus _json; an operator result's label,
// text and entities are read out of its result per output format. The oracle is the JSON
// the API sent, read generically, never the provider's wire types.

// expectedValue is what the attributes of a wire type typ must hold for raw, the API's
// JSON of it decoded generically: every field of typ, null when the API left it out.
func expectedValue(t *testing.T, raw any, typ reflect.Type) any {
	t.Helper()
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if raw == nil {
		return nil
	}
	switch {
	case typ == reflect.TypeOf(intelligence.Version(0)):
		if s, ok := raw.(string); ok { // the spec's own example sends "4"
			n, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("version %q", s)
			}
			return n
		}
		return raw
	case typ.Kind() == reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			t.Fatalf("%s: %v is not an object", typ.Name(), raw)
		}
		out := map[string]any{}
		for i := range typ.NumField() {
			f := typ.Field(i)
			key := strings.Split(f.Tag.Get("json"), ",")[0]
			if f.Type == reflect.TypeOf(jsontext.Value(nil)) {
				out[snake(key)+"_json"] = obj[key] // compared as JSON, whatever its spelling
				continue
			}
			out[snake(key)] = expectedValue(t, obj[key], f.Type)
		}
		if typ == reflect.TypeOf(intelligence.OperatorResult{}) {
			deriveResultFields(out)
		}
		return out
	case typ.Kind() == reflect.Slice:
		list, ok := raw.([]any)
		if !ok {
			t.Fatalf("%s: %v is not a list", typ, raw)
		}
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = expectedValue(t, e, typ.Elem())
		}
		return out
	}
	return raw
}

// deriveResultFields adds what the spec says a result holds per output format: the label
// of a CLASSIFICATION, the text of a TEXT, the entities (text and label) of an
// EXTRACTION; null otherwise.
func deriveResultFields(out map[string]any) {
	result, _ := out["result_json"].(map[string]any)
	out["label"], out["text"], out["entities"] = nil, nil, nil
	switch out["output_format"] {
	case "CLASSIFICATION":
		out["label"] = result["label"]
	case "TEXT":
		out["text"] = result["text"]
	case "EXTRACTION":
		if entities, ok := result["entities"].([]any); ok {
			list := make([]any, len(entities))
			for i, e := range entities {
				entity, _ := e.(map[string]any)
				list[i] = map[string]any{"text": entity["text"], "label": entity["label"]}
			}
			out["entities"] = list
		}
	}
}

// actualValue is goValue with every *_json string checked to be compact JSON and
// decoded, so that it compares with the API's object whatever the key order.
func actualValue(t *testing.T, v tftypes.Value) any {
	t.Helper()
	var decode func(any) any
	decode = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				s, isString := e.(string)
				if !strings.HasSuffix(k, "_json") || !isString {
					v[k] = decode(e)
					continue
				}
				var compact bytes.Buffer
				if err := json.Compact(&compact, []byte(s)); err != nil || compact.String() != s {
					t.Errorf("%s is not compact JSON: %q", k, s)
				}
				var parsed any
				if err := json.Unmarshal([]byte(s), &parsed); err != nil {
					t.Fatalf("%s: %v", k, err)
				}
				v[k] = parsed
			}
		case []any:
			for i, e := range v {
				v[i] = decode(e)
			}
		}
		return v
	}
	return decode(goValue(t, v))
}

// mirrorCheck compares the values of one API object with its JSON.
func mirrorCheck(t *testing.T, what string, raw any, typ reflect.Type, value tftypes.Value, drop ...string) {
	t.Helper()
	want := expectedValue(t, raw, typ)
	if m, ok := want.(map[string]any); ok {
		for _, k := range drop {
			delete(m, k)
		}
	}
	if got := actualValue(t, value); !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %v\nwant %v", what, got, want)
	}
}

// getJSON is the API's answer to GET path, decoded generically.
func getJSON(t *testing.T, base, path string) any {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(intelligencetest.TestAccountSID, intelligencetest.TestAuthToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d, %v", path, resp.StatusCode, err)
	}
	return v
}

func getItems(t *testing.T, base, path string) []any {
	t.Helper()
	page, _ := getJSON(t, base, path+"?pageSize=1000").(map[string]any)
	items, ok := page["items"].([]any)
	if !ok {
		t.Fatalf("GET %s: no items", path)
	}
	return items
}

func idOf(raw any) string {
	obj, _ := raw.(map[string]any)
	id, _ := obj["id"].(string)
	return id
}

// itemValue is the value of a singular data source's fields for item.
func itemValue[T any](spec *itemSpec[T], item *T) tftypes.Value {
	return tftypes.NewValue(objectType(spec.fields), spec.attributes(item))
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// mirror compares every list item and every fetched item of the API at base with the
// values the data sources build from them.
func mirror(t *testing.T, base string) (checked int) {
	ctx := context.Background()
	c := must[*intelligence.Client](t)(intelligence.New(intelligence.Config{
		BaseURL: base, Username: intelligencetest.TestAccountSID, Password: intelligencetest.TestAuthToken,
		MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	}))
	resultType, operatorType, versionType, configType := reflect.TypeOf(intelligence.OperatorResult{}), reflect.TypeOf(intelligence.Operator{}),
		reflect.TypeOf(intelligence.OperatorVersion{}), reflect.TypeOf(intelligence.Configuration{})

	raws := getItems(t, base, "/v3/OperatorResults")
	results := must[*intelligence.ListResult[intelligence.OperatorResult]](t)(c.ListOperatorResults(ctx, intelligence.OperatorResultFilter{}, intelligence.ListOptions{}))
	if len(results.Items) != len(raws) {
		t.Fatalf("%d operator results, %d in the JSON", len(results.Items), len(raws))
	}
	for i, raw := range raws {
		mirrorCheck(t, "operator results item "+idOf(raw), raw, resultType, operatorResultValue(&results.Items[i]))
		one := must[*intelligence.OperatorResult](t)(c.GetOperatorResult(ctx, idOf(raw)))
		mirrorCheck(t, "operator result "+idOf(raw), getJSON(t, base, "/v3/OperatorResults/"+idOf(raw)), resultType, itemValue(&operatorResultSpec, one))
		checked += 2
	}

	raws = getItems(t, base, "/v3/ControlPlane/Operators")
	operators := must[*intelligence.ListResult[intelligence.Operator]](t)(c.ListOperators(ctx, intelligence.ListOptions{}))
	if len(operators.Items) != len(raws) {
		t.Fatalf("%d operators, %d in the JSON", len(operators.Items), len(raws))
	}
	for i, raw := range raws {
		id := idOf(raw)
		mirrorCheck(t, "operators item "+id, raw, operatorType, operatorValue(&operators.Items[i]), "status", "date_created")
		one := must[*intelligence.Operator](t)(c.GetOperator(ctx, id))
		mirrorCheck(t, "operator "+id, getJSON(t, base, "/v3/ControlPlane/Operators/"+id), operatorType, itemValue(&operatorSpec, one))
		versionsPath := "/v3/ControlPlane/Operators/" + id + "/Versions"
		rawVersions := getItems(t, base, versionsPath)
		versions := must[*intelligence.ListResult[intelligence.OperatorVersion]](t)(c.ListOperatorVersions(ctx, id, intelligence.ListOptions{}))
		if len(versions.Items) != len(rawVersions) {
			t.Fatalf("%d versions of %s, %d in the JSON", len(versions.Items), id, len(rawVersions))
		}
		for j, rawVersion := range rawVersions {
			n := int64(*versions.Items[j].Version)
			mirrorCheck(t, fmt.Sprintf("versions item %s/%d", id, n), rawVersion, versionType, versionValue(&versions.Items[j]))
			atVersion := must[*intelligence.Operator](t)(c.GetOperatorVersion(ctx, id, n))
			mirrorCheck(t, fmt.Sprintf("operator %s at version %d", id, n), getJSON(t, base, fmt.Sprintf("%s/%d", versionsPath, n)), operatorType, itemValue(&operatorSpec, atVersion))
			checked += 2
		}
		checked += 2
	}

	raws = getItems(t, base, "/v3/ControlPlane/Configurations")
	configs := must[*intelligence.ListResult[intelligence.Configuration]](t)(c.ListConfigurations(ctx, intelligence.ListOptions{}))
	if len(configs.Items) != len(raws) {
		t.Fatalf("%d configurations, %d in the JSON", len(configs.Items), len(raws))
	}
	for i, raw := range raws {
		mirrorCheck(t, "configurations item "+idOf(raw), raw, configType, configurationValue(&configs.Items[i]))
		one := must[*intelligence.Configuration](t)(c.GetConfiguration(ctx, idOf(raw)))
		mirrorCheck(t, "configuration "+idOf(raw), getJSON(t, base, "/v3/ControlPlane/Configurations/"+idOf(raw)), configType, itemValue(&configurationSpec, one))
		checked += 2
	}
	return checked
}

// craftedID is the n-th crafted id with prefix.
func craftedID(prefix string, n int) string { return fmt.Sprintf("%s0craft%020d", prefix, n) }

// craftedAPI serves hand-written JSON with what the seeded data never has: fields left
// out, nulls at every level, empty lists and objects, versions as strings, free-form
// objects spaced and ordered as a server may send them, unicode and escapes, and results
// whose shape does not match the format.
func craftedAPI(t *testing.T) http.Handler {
	res := func(n int, body string) string {
		return fmt.Sprintf(`{"id":%q%s}`, craftedID("intelligence_operatorresult_", n), body)
	}
	op := func(n int, body string) string {
		return fmt.Sprintf(`{"id":%q%s}`, craftedID("intelligence_operator_", n), body)
	}
	cfg := func(n int, body string) string {
		return fmt.Sprintf(`{"id":%q%s}`, craftedID("intelligence_configuration_", n), body)
	}
	collections := map[string][]string{
		"/v3/OperatorResults": {
			res(1, ``),
			res(2, `,"accountId":null,"outputFormat":null,"conversationId":null,"dateCreated":null,"intelligenceConfiguration":null,"operator":null,"referenceIds":null,"result":null,"executionDetails":null,"metadata":null`),
			res(3, `,"outputFormat":"CLASSIFICATION","intelligenceConfiguration":{"id":null,"ruleId":null,"version":null},`+
				`"operator":{"id":"intelligence_operator_0craft00000000000000000001","version":"4","parameters":null},"referenceIds":[],`+
				`"result":{ "label" : "Ünïcødé \"quoted\"\n" , "confidence": 0.93 },`+
				`"metadata":{"z":1,"a":{"b":[1, 2.5, true, null, "x", {}]},"s":"\u00e9\/\t"}, "executionDetails": {}`),
			res(4, `,"outputFormat":"EXTRACTION","result":{"entities":[{"text":"#1","label":"ORDER"},{"text":"Dublin"},{"label":"DATE","text":null,"score":0.5}]}`),
			res(5, `,"outputFormat":"EXTRACTION","result":{"entities":[]}`),
			res(6, `,"outputFormat":"EXTRACTION","result":{}`),
			res(7, `,"outputFormat":"EXTRACTION","result":{"entities":null}`),
			res(8, `,"outputFormat":"TEXT","result":{"text":"","label":"not a classification"}`),
			res(9, `,"outputFormat":"CLASSIFICATION","result":{"label":null}`),
			res(10, `,"outputFormat":"JSON","result":{"label":"not typed","text":"nor this","nested":{"deep":[{}]}}`),
			res(11, `,"outputFormat":"SENTIMENT","result":{"label":"a format this provider does not know"}`),
			res(12, `,"outputFormat":"TEXT"`),
		},
		"/v3/ControlPlane/Operators": {
			op(1, ``),
			op(2, `,"displayName":null,"description":null,"version":null,"author":null,"outputFormat":null,"outputSchema":null,"context":null,"parameters":null`),
			op(3, `,"displayName":"Ünï \"ops\"","author":"SELF","prompt":"","trainingExamples":[],"outputSchema":{ "type" : "object" },"context":{},`+
				`"parameters":{"a":{"type":"STRING","default":null}},"version":"7"`),
			op(4, `,"author":"SELF","trainingExamples":[{"input":null,"output":null},{"input":"only input"}],"status":"PREVIEW","dateCreated":"2026-01-01T00:00:00Z"`),
		},
		"/v3/ControlPlane/Configurations": {
			cfg(1, ``),
			cfg(2, `,"accountId":null,"displayName":null,"description":null,"version":null,"rules":null,"dateCreated":null,"dateUpdated":null`),
			cfg(3, `,"rules":[]`),
			cfg(4, `,"version":"2","rules":[{"id":null,"operators":null,"triggers":null,"actions":null,"context":null},`+
				`{"operators":[{"id":"intelligence_operator_0craft00000000000000000001","version":null,"parameters":{ }},{}],`+
				`"triggers":[{"on":"COMMUNICATION"},{"on":null,"parameters":{"count" : 3}}],`+
				`"actions":[{},{"type":"WEBHOOK","method":"POST","url":"https://example.com/a?b=c&d=é"}],"context":{"knowledge":{"bases":[]}}}]`),
		},
	}
	versions := []string{
		`{"version":3}`,
		`{"version":2,"status":null,"dateCreated":null,"dateDeprecated":null,"retirementDate":null,"dateRetired":null}`,
		`{"version":"1","status":"RETIRED","dateCreated":"2025-01-01T00:00:00Z","dateDeprecated":"2025-02-01T00:00:00Z","dateRetired":"2025-03-01T00:00:00Z"}`,
	}
	page := func(items []string) string {
		return fmt.Sprintf(`{"items":[%s],"meta":{"key":"items","pageSize":%d}}`, strings.Join(items, ","), len(items))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		p := r.URL.Path
		if items, ok := collections[p]; ok {
			_, _ = fmt.Fprint(w, page(items))
			return
		}
		if parent, id, ok := strings.Cut(p, "/Versions"); ok {
			if id == "" {
				_, _ = fmt.Fprint(w, page(versions))
				return
			}
			// An operator at a version: the operator with that version's number and status.
			var operator, version map[string]any
			_ = json.Unmarshal([]byte(serveItem(collections, parent)), &operator)
			for _, v := range versions {
				var candidate map[string]any
				_ = json.Unmarshal([]byte(v), &candidate)
				if fmt.Sprint(candidate["version"]) == strings.TrimPrefix(id, "/") {
					version = candidate
				}
			}
			operator["version"], operator["status"], operator["dateCreated"] = version["version"], version["status"], version["dateCreated"]
			_ = json.NewEncoder(w).Encode(operator)
			return
		}
		if body := serveItem(collections, p); body != "" {
			_, _ = fmt.Fprint(w, body)
			return
		}
		t.Errorf("the crafted API has nothing at %s", p)
		w.WriteHeader(http.StatusNotFound)
	})
}

// serveItem finds the item at path (collection/id) among the crafted collections.
func serveItem(collections map[string][]string, path string) string {
	i := strings.LastIndex(path, "/")
	for _, item := range collections[path[:i]] {
		var v any
		_ = json.Unmarshal([]byte(item), &v)
		if idOf(v) == path[i+1:] {
			return item
		}
	}
	return ""
}

func TestControlPlaneValuesMirrorTheAPI(t *testing.T) {
	local := intelligencetest.NewServer(intelligencetest.Options{Conversations: 100})
	defer local.Close()
	local.AddOperatorResult(intelligencetest.SpecExampleOperatorResult())
	local.AddOperator(intelligencetest.SpecExampleOperator())
	local.AddConfiguration(intelligencetest.SpecExampleConfiguration())
	crafted := httptest.NewServer(craftedAPI(t))
	defer crafted.Close()
	for name, base := range map[string]string{"local API": local.URL(), "crafted": crafted.URL} {
		t.Run(name, func(t *testing.T) {
			if n := mirror(t, base); n < 30 {
				t.Errorf("only %d objects compared", n)
			}
		})
	}
}
