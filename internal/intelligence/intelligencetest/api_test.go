package intelligencetest

import (
	"encoding/json"
	"net/http"
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
		{"api key", &Credential{TestAPIKey, TestAPISecret}, "/v3/Conversations", 200},
		{"account sid and auth token", &Credential{TestAccountSID, TestAuthToken}, "/v3/Conversations/" + id, 200},
		{"missing", nil, "/v3/Conversations", 401},
		{"wrong password", &Credential{TestAPIKey, TestAuthToken}, "/v3/Conversations", 401},
		{"pairs crossed", &Credential{TestAccountSID, TestAPISecret}, "/v3/Conversations", 401},
		{"wrong user", &Credential{"SK00000000000000000000000000000000", TestAPISecret}, "/v3/Conversations", 401},
		{"empty", &Credential{}, "/v3/Conversations", 401},
		// Credentials come first: bad parameters, unknown paths and methods are 401 too.
		{"before bad params", nil, "/v3/Conversations?pageSize=0&bogus=1", 401},
		{"before bad id", nil, "/v3/Conversations/nope", 401},
		{"before unknown path", nil, "/v2/Transcripts", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, s, http.MethodGet, tt.target, tt.cred)
			if tt.want != 200 {
				e := apiErr(t, res, tt.want)
				if e.Code != 20003 {
					t.Errorf("code %d, want 20003", e.Code)
				}
				if got := res.header.Get("WWW-Authenticate"); got != `Basic realm="Twilio API"` {
					t.Errorf("WWW-Authenticate %q", got)
				}
				return
			}
			if res.status != tt.want {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
		})
	}

	t.Run("bearer token is not basic auth", func(t *testing.T) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+"/v3/Conversations", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+TestAPISecret)
		resp, err := s.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", resp.StatusCode)
		}
	})

	t.Run("custom credentials replace the defaults", func(t *testing.T) {
		s := newServer(t, Options{Conversations: 1, Credentials: []Credential{{"SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "s3cret"}}})
		if got := do(t, s, http.MethodGet, "/v3/Conversations", &Credential{"SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "s3cret"}).status; got != 200 {
			t.Errorf("configured pair: status %d", got)
		}
		if got := do(t, s, http.MethodGet, "/v3/Conversations", apiKey).status; got != 401 {
			t.Errorf("default pair: status %d, want 401", got)
		}
	})
}

func TestRouting(t *testing.T) {
	s := newServer(t, Options{Conversations: 3})
	id := s.Conversations()[0].ID
	tests := []struct {
		name, method, target string
		want, code           int
	}{
		{"unknown path", "GET", "/v3/Transcripts", 404, 20404},
		{"v1 path", "GET", "/v1/Conversations", 404, 20404},
		{"case matters", "GET", "/v3/conversations", 404, 20404},
		{"trailing slash", "GET", "/v3/Conversations/", 404, 20404},
		{"below an id", "GET", "/v3/Conversations/" + id + "/Communications", 404, 20404},
		{"root", "GET", "/", 404, 20404},
		{"POST list", "POST", "/v3/Conversations", 405, 20004},
		{"DELETE one", "DELETE", "/v3/Conversations/" + id, 405, 20004},
		{"HEAD", "HEAD", "/v3/Conversations", 405, 0},
		{"unknown well-formed id", "GET", "/v3/Conversations/conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz", 404, 20404},
		{"id with %2F is not routed", "GET", "/v3/Conversations/conv_conversation_01%2F" + id[len("conv_conversation_01"):], 400, 20001},
		{"escaped slash alone", "GET", "/v3/Conversations/%2F", 400, 20001},
		{"id not matching pattern", "GET", "/v3/Conversations/conv_conversation_81k1etk2y5f1y9fpe2epfdtvv2", 400, 20001},
		{"upper-case id", "GET", "/v3/Conversations/" + strings.ToUpper(id), 400, 20001},
		{"id with space", "GET", "/v3/Conversations/" + id + "%20", 400, 20001},
		{"query on fetch", "GET", "/v3/Conversations/" + id + "?pageSize=1", 400, 20001},
		{"malformed query", "GET", "/v3/Conversations?status=%zz", 400, 20001},
		{"semicolon in query", "GET", "/v3/Conversations?status=ACTIVE;pageSize=1", 400, 20001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := do(t, s, tt.method, tt.target, apiKey)
			if tt.method == "HEAD" { // no body to look at
				if res.status != tt.want {
					t.Errorf("status %d, want %d", res.status, tt.want)
				}
				return
			}
			e := apiErr(t, res, tt.want)
			if e.Code != tt.code {
				t.Errorf("code %d, want %d", e.Code, tt.code)
			}
			if tt.want == 405 && res.header.Get("Allow") != "GET" {
				t.Errorf("Allow %q", res.header.Get("Allow"))
			}
		})
	}
}

func TestFetch(t *testing.T) {
	s := newServer(t, Options{})
	all := s.Conversations()
	var sawEmpty, sawMany bool
	for _, want := range all[:60] {
		res := get(t, s, "/v3/Conversations/"+want.ID)
		if res.status != 200 {
			t.Fatalf("%s: status %d %s", want.ID, res.status, res.body)
		}
		var raw map[string]json.RawMessage
		decodeStrict(t, res.body, &raw)
		comms, ok := raw["communications"]
		if !ok {
			t.Fatalf("%s: no communications key: the spec requires it on a fetch", want.ID)
		}
		sawEmpty = sawEmpty || string(comms) == "[]"
		sawMany = sawMany || len(want.Communications) > 1
		var got intelligence.Conversation
		decodeStrict(t, res.body, &got)
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(want)
		if string(gotJSON) != string(wantJSON) {
			t.Fatalf("fetch differs from Conversations():\n got %s\nwant %s", gotJSON, wantJSON)
		}
	}
	if !sawEmpty || !sawMany {
		t.Errorf("want both conversations without communications (as []) and with several; empty %v, several %v", sawEmpty, sawMany)
	}
}

func TestListItemsHaveNoCommunications(t *testing.T) {
	s := newServer(t, Options{})
	res := get(t, s, "/v3/Conversations?pageSize=1000")
	var raw struct {
		Items []map[string]json.RawMessage `json:"items"`
		Meta  json.RawMessage              `json:"meta"`
	}
	decodeStrict(t, res.body, &raw)
	if len(raw.Items) != 250 {
		t.Fatalf("%d items, want 250", len(raw.Items))
	}
	for _, it := range raw.Items {
		if _, ok := it["communications"]; ok {
			t.Fatalf("list item %s has a communications key", it["id"])
		}
		for _, k := range []string{"id", "accountId", "name", "status", "createdAt", "updatedAt", "intelligenceConfigurationIds",
			"conversationConfigurationId", "channels", "channelIds", "participants", "operatorResultIds"} {
			if _, ok := it[k]; !ok {
				t.Fatalf("list item %s lacks required %q", it["id"], k)
			}
		}
	}
}
