package intelligencetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

func TestAuth(t *testing.T) {
	s := newServer(t, Options{Conversations: 3})
	id := s.Conversations()[0].ID
	tests := []struct {
		name   string
		cred   *Credential
		target string
		want   int
	}{
		{"api key", apiKey, conversationsPath, 200},
		{"account sid and auth token", &Credential{TestAccountSID, TestAuthToken}, conversationsPath + "/" + id, 200},
		{"missing", nil, conversationsPath, 401},
		{"wrong password", &Credential{TestAPIKey, TestAuthToken}, operatorsPath, 401},
		{"pairs crossed", &Credential{TestAccountSID, TestAPISecret}, resultsPath, 401},
		{"empty", &Credential{}, configurationsPath, 401},
		// Credentials come first: bad parameters, unknown paths and methods are 401 too.
		{"before bad params", nil, "/v3/Conversations?pageSize=0&bogus=1", 401},
		{"before bad id", nil, "/v3/Conversations/nope", 401},
		{"before unknown path", nil, "/v2/Transcripts", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, s, http.MethodGet, tt.target, tt.cred)
			if tt.want == 200 {
				if res.status != 200 {
					t.Fatalf("status %d: %s", res.status, res.body)
				}
				return
			}
			if e := apiErr(t, res, tt.want); e.Code != 20003 || res.header.Get("WWW-Authenticate") != `Basic realm="Twilio API"` {
				t.Errorf("code %d, WWW-Authenticate %q", e.Code, res.header.Get("WWW-Authenticate"))
			}
		})
	}

	t.Run("custom credentials replace the defaults", func(t *testing.T) {
		mine := &Credential{"SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "s3cret"}
		s := newServer(t, Options{Conversations: 1, Credentials: []Credential{*mine}})
		if got := do(t, s, http.MethodGet, conversationsPath, mine).status; got != 200 {
			t.Errorf("configured pair: status %d", got)
		}
		if got := do(t, s, http.MethodGet, conversationsPath, apiKey).status; got != 401 {
			t.Errorf("default pair: status %d, want 401", got)
		}
	})
}

func TestRouting(t *testing.T) {
	s := newServer(t, Options{Conversations: 3})
	id, op := s.Conversations()[0].ID, OperatorIDs[0]
	unknownOp := "intelligence_operator_7zzzzzzzzzzzzzzzzzzzzzzzzz"
	tests := []struct {
		method, target string
		want, code     int
	}{
		{"GET", "/v3/Transcripts", 404, 20404},
		{"GET", "/v1/Conversations", 404, 20404},
		{"GET", "/v3/conversations", 404, 20404},
		{"GET", "/v3/Conversations/", 404, 20404},
		{"GET", "/v3/Conversations/" + id + "/Communications", 404, 20404},
		{"GET", "/v3/ControlPlane", 404, 20404},
		{"GET", "/v3/ControlPlane/Operators/" + op + "/Versions/1/Extra", 404, 20404},
		{"GET", "/", 404, 20404},
		{"POST", "/v3/Conversations", 405, 20004},
		{"DELETE", "/v3/OperatorResults/intelligence_operatorresult_01k6fc25s7epm9qtk8rszbv3q5", 405, 20004},
		{"PUT", "/v3/ControlPlane/Operators/" + op, 405, 20004},
		{"GET", "/v3/Conversations/conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz", 404, 20404},
		{"GET", "/v3/OperatorResults/intelligence_operatorresult_7zzzzzzzzzzzzzzzzzzzzzzzzz", 404, 20404},
		{"GET", "/v3/ControlPlane/Operators/" + unknownOp, 404, 20404},
		{"GET", "/v3/ControlPlane/Operators/" + unknownOp + "/Versions", 404, 20404},
		{"GET", "/v3/ControlPlane/Operators/" + op + "/Versions/99", 404, 20404},
		{"GET", "/v3/ControlPlane/Operators/" + op + "/Versions/-1", 404, 20404},
		{"GET", "/v3/ControlPlane/Configurations/intelligence_configuration_7zzzzzzzzzzzzzzzzzzzzzzzzz", 404, 20404},
		{"GET", "/v3/Conversations/conv_conversation_01%2F" + id[len("conv_conversation_01"):], 400, 20001},
		{"GET", "/v3/Conversations/conv_conversation_81k1etk2y5f1y9fpe2epfdtvv2", 400, 20001},
		{"GET", "/v3/Conversations/" + strings.ToUpper(id), 400, 20001},
		{"GET", "/v3/OperatorResults/" + id, 400, 20001},
		{"GET", "/v3/ControlPlane/Operators/" + IntelligenceConfigurationIDs[0], 400, 20001},
		{"GET", "/v3/ControlPlane/Operators/op%20/Versions", 400, 20001},
		{"GET", "/v3/ControlPlane/Operators/" + op + "/Versions/latest", 400, 20001},
		{"GET", "/v3/ControlPlane/Operators/" + op + "/Versions/1.0", 400, 20001},
		{"GET", "/v3/ControlPlane/Configurations/" + op, 400, 20001},
		{"GET", "/v3/Conversations/" + id + "?pageSize=1", 400, 20001},
		{"GET", "/v3/ControlPlane/Operators/" + op + "/Versions/1?x=1", 400, 20001},
		{"GET", "/v3/Conversations?status=%zz", 400, 20001},
		{"GET", "/v3/Conversations?status=ACTIVE;pageSize=1", 400, 20001},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			res := do(t, s, tt.method, tt.target, apiKey)
			if e := apiErr(t, res, tt.want); e.Code != tt.code {
				t.Errorf("code %d, want %d", e.Code, tt.code)
			}
			if tt.want == 405 && res.header.Get("Allow") != "GET" {
				t.Errorf("Allow %q", res.header.Get("Allow"))
			}
		})
	}
}

// TestFetch: every item of every collection is fetched as the accessors return it, and
// list items are what fetches are but for a conversation's communications.
func TestFetch(t *testing.T) {
	s := newServer(t, Options{Conversations: 60})
	same := func(path string, want any, into any) {
		t.Helper()
		res := get(t, s, path)
		if res.status != 200 {
			t.Fatalf("%s: status %d %s", path, res.status, res.body)
		}
		decodeStrict(t, res.body, into)
		if got := reflect.ValueOf(into).Elem().Interface(); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s differs from the accessor:\n got %+v\nwant %+v", path, got, want)
		}
	}
	sawEmpty := false
	for _, c := range s.Conversations() {
		same(conversationsPath+"/"+c.ID, c, &intelligence.Conversation{})
		var raw map[string]json.RawMessage
		decodeStrict(t, get(t, s, conversationsPath+"/"+c.ID).body, &raw)
		sawEmpty = sawEmpty || string(raw["communications"]) == "[]"
	}
	if !sawEmpty {
		t.Error("no conversation without communications: the fetch must still send communications: []")
	}
	for _, r := range s.OperatorResults() {
		same(resultsPath+"/"+r.ID, r, &intelligence.OperatorResult{})
	}
	for _, c := range s.Configurations() {
		same(configurationsPath+"/"+c.ID, c, &intelligence.Configuration{})
	}
	for _, op := range s.Operators() {
		same(operatorsPath+"/"+op.ID, op, &intelligence.Operator{})
		for _, v := range s.OperatorVersions(op.ID) {
			at := op
			at.Version, at.Status, at.DateCreated = v.Version, v.Status, v.DateCreated
			same(fmt.Sprintf("%s/%d", versionsPath(op.ID), *v.Version), at, &intelligence.Operator{})
		}
	}

	var list struct {
		Items []map[string]json.RawMessage
		Meta  json.RawMessage
	}
	decodeStrict(t, get(t, s, "/v3/Conversations?pageSize=1000").body, &list)
	for _, it := range list.Items {
		if _, ok := it["communications"]; ok {
			t.Fatalf("list item %s has a communications key", it["id"])
		}
	}
}
