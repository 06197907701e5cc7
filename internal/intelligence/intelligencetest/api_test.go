package intelligencetest

import (
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestAuthAndRouting also checks the request log: every request, with what it was sent
// and answered, and no credentials.
func TestAuthAndRouting(t *testing.T) {
	s, start := newServer(t, Options{Conversations: 3}), time.Now()
	spec := specChecker{t, s, specRouter(t, s)}
	table := []struct {
		method, target string
		cred           *credential
		want, code     int
	}{
		{"GET", convsPath + "?channels=VOICE&channels=SMS", apiKey, 200, 0},
		{"GET", opsPath, &credential{TestAccountSID, TestAuthToken}, 200, 0},
		{"GET", convsPath, nil, 401, 20003},
		{"GET", resultsPath, &credential{TestAPIKey, TestAuthToken}, 401, 20003}, // pairs crossed
		{"GET", configsPath, &credential{TestAccountSID, "wrong-token"}, 401, 20003},
		{"GET", convsPath, &credential{}, 401, 20003},
		{"GET", convsPath + "?pageSize=0&bogus=1", nil, 401, 20003}, // credentials come first
		{"POST", "/v2/Transcripts", nil, 401, 20003},
		{"GET", "/v3/Transcripts", apiKey, 404, 20404},
		{"GET", convsPath + "/", apiKey, 404, 20404},
		{"GET", convsPath + "/" + convID + "/Communications", apiKey, 404, 20404},
		{"GET", versionsPath(op0) + "/1/Extra", apiKey, 404, 20404},
		{"GET", convsPath + "/" + unknownConv, apiKey, 404, 20404},
		{"GET", opsPath + "/" + unknownOp, apiKey, 404, 20404},
		{"GET", versionsPath(unknownOp), apiKey, 404, 20404},
		{"GET", versionsPath(op0) + "/99", apiKey, 404, 20404},
		{"POST", convsPath, apiKey, 405, 20004},
		{"DELETE", resultsPath + "/intelligence_operatorresult_01k6fc25s7epm9qtk8rszbv3q5", apiKey, 405, 20004},
		{"GET", convsPath + "/conv%2Fx?a=%zz", apiKey, 400, 20001},
	}
	for _, tt := range table {
		res, _ := spec.do(tt.method, tt.target, tt.cred)
		if tt.want == 200 {
			if res.status != 200 {
				t.Errorf("%s %s: status %d", tt.method, tt.target, res.status)
			}
			continue
		}
		e := apiErr(t, res, tt.want)
		header := map[int]string{401: "WWW-Authenticate", 405: "Allow"}[tt.want]
		if e.Code != tt.code || header != "" && res.header.Get(header) != map[int]string{401: `Basic realm="Twilio API"`, 405: "GET"}[tt.want] {
			t.Errorf("%s %s: code %d, %s %q", tt.method, tt.target, e.Code, header, res.header.Get(header))
		}
	}
	logged := s.Requests()
	for i, tt := range table {
		if r := logged[i]; r.Method != tt.method || r.Path+strings.TrimSuffix("?"+r.RawQuery, "?") != tt.target ||
			r.Status != tt.want || r.Authorized != (tt.want != 401) || r.Time.Before(start) {
			t.Errorf("%s %s logged as %+v", tt.method, tt.target, r)
		}
	}
	// An Authorization header would carry the credentials base64-encoded.
	leaked := regexp.MustCompile("wrong-token|Basic |" + regexp.QuoteMeta(base64.StdEncoding.EncodeToString([]byte(TestAccountSID+":wrong-token"))))
	if logged[0].Query["channels"][1] != "SMS" || logged[len(table)-1].Query != nil || leaked.Match(mustJSON(logged)) {
		t.Errorf("queries parsed, the malformed one nil, and no credentials: %s", mustJSON(logged))
	}
	if s.ResetRequests(); s.RequestCount() != 0 {
		t.Error("ResetRequests left entries")
	}
}

// requests are valid requests and every kind of invalid one, each 400 naming the
// parameter at fault. beyond marks the checks the spec's schemas cannot express: unknown
// or repeated parameters, ranges, tokens.
var requests = []struct {
	target string
	param  string // "" for a valid request, "-" for a 400 naming no parameter
	beyond bool
}{
	{convsPath, "", false},
	{convsPath + "?pageSize=1000&status=CLOSED&channels=VOICE&channels=SMS", "", false},
	{convsPath + "?createdAtAfter=2026-10-01T00:00:00Z&createdAtBefore=2026-11-01T02:00:00%2B02:00", "", false}, // 31 days
	{convsPath + "?intelligenceConfigurationIds=" + ic0 + "&operatorIds=" + op0 + "&operatorIds=" + op1 + "&channelId=%3CCA%2Bx%3E", "", false},
	{resultsPath + "?conversationId=" + convID + "&operatorId=" + op1 + "&intelligenceConfigurationId=" + ic3, "", false},
	{opsPath + "?pageSize=1", "", false},
	{versionsPath(op0) + "?pageSize=1000", "", false},
	{versionsPath(op0) + "/1", "", false},
	{configsPath + "/" + ic2, "", false},
	{convsPath + "?PageSize=10", "PageSize", true},
	{convsPath + "?PageToken=abc", "PageToken", true}, // twilio-go's capitalization
	{convsPath + "?channels[]=VOICE", "channels[]", true},
	{convsPath + "?status=CLOSED&status=ACTIVE", "status", true},
	{convsPath + "?pageToken=a&pageToken=b", "pageToken", true},
	{convsPath + "?pageSize=ten", "pageSize", false},
	{convsPath + "?pageSize=0", "pageSize", false},
	{convsPath + "?pageSize=1001", "pageSize", false},
	{convsPath + "?pageSize=10.0", "pageSize", false},
	{convsPath + "?pageSize=", "pageSize", true},
	{convsPath + "?status=closed", "status", false},
	{convsPath + "?status=", "status", true},
	{convsPath + "?channelId=", "channelId", true},
	{convsPath + "?channels=voice", "channels", false},
	{convsPath + "?channels=VOICE,SMS", "channels", false},
	{convsPath + "?channels=VOICE&channels=FAX", "channels", false},
	{convsPath + "?intelligenceConfigurationIds=intelligence_configuration_81k6fc25s7epm9qtk8rszbv3q5", "intelligenceConfigurationIds", false},
	{convsPath + "?operatorIds=" + ic0, "operatorIds", false},
	{convsPath + "?createdAtAfter=2026-01-01", "createdAtAfter", false},
	{convsPath + "?createdAtAfter=2026-01-01T00:00:00", "createdAtAfter", false},
	{convsPath + "?createdAtBefore=2026-01-01T00:00:00+01:00", "createdAtBefore", false}, // + unescaped is a space
	{convsPath + "?createdAtAfter=2026-01-02T00:00:00Z&createdAtBefore=2026-01-01T00:00:00Z", "createdAtAfter", true},
	{convsPath + "?createdAtAfter=2026-10-01T00:00:00Z&createdAtBefore=2026-11-01T00:00:00.000000001Z", "createdAtBefore", true},
	{convsPath + "?createdAtAfter=0001-01-01T00:00:00Z&createdAtBefore=2026-01-01T00:00:00Z", "createdAtBefore", true},
	{convsPath + "?pageToken=next_page_token_example", "pageToken", true},
	{resultsPath + "?conversationId=conv_1", "conversationId", false},
	{resultsPath + "?conversationId=" + convID + "&conversationId=" + unknownConv, "conversationId", true},
	{resultsPath + "?intelligenceConfigurationId=" + op0, "intelligenceConfigurationId", false},
	{resultsPath + "?operatorIds=" + op0, "operatorIds", true},
	{opsPath + "?displayName=x", "displayName", true},
	{versionsPath(op0) + "?status=ACTIVE", "status", true},
	{configsPath + "?pageSize=-1", "pageSize", false},
	{convsPath + "/conv_conversation_81k1etk2y5f1y9fpe2epfdtvv2", "id", false},
	{convsPath + "/" + strings.ToUpper(convID), "id", false},
	{convsPath + "/conv_conversation_01%2Fk1etk2y5f1y9fpe2epfdtvv", "id", true}, // not routed elsewhere
	{convsPath + "/" + convID + "?pageSize=1", "pageSize", true},
	{resultsPath + "/" + convID, "operatorResultId", false},
	{opsPath + "/" + ic0, "id", false},
	{opsPath + "/op%20/Versions", "id", false},
	{versionsPath(op0) + "/latest", "version", false},
	{versionsPath(op0) + "/1?x=1", "x", true},
	{configsPath + "/" + op0, "id", false},
	{convsPath + "?status=%zz", "-", true}, // a malformed query
	{convsPath + "?status=ACTIVE;pageSize=1", "-", true},
}

// TestRequests also holds the server to kin-openapi's reading of the spec: what it refuses
// the server refuses, what it accepts the server accepts, but for the checks beyond it.
func TestRequests(t *testing.T) {
	s := newServer(t, Options{})
	spec := specChecker{t, s, specRouter(t, s)}
	for _, tt := range requests {
		res, specErr := spec.do(http.MethodGet, tt.target, apiKey)
		if !tt.beyond && (specErr == nil) != (tt.param == "") {
			t.Errorf("%s: kin-openapi says %v; the table says valid=%v", tt.target, specErr, tt.param == "")
		}
		if tt.param == "" {
			if res.status != 200 {
				t.Errorf("%s: status %d: %s", tt.target, res.status, res.body)
			}
		} else if e := apiErr(t, res, 400); e.Code != 20001 || e.Params["parameter"] != strings.Trim(tt.param, "-") {
			t.Errorf("%s: code %d, params %v; want 20001 naming %q", tt.target, e.Code, e.Params, tt.param)
		}
	}
}
