package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// These tests call Read directly, without Terraform, for what an acceptance test cannot
// observe: warnings, and the exact diagnostics of failures.

func testClient(t *testing.T, srv *intelligencetest.Server) *intelligence.Client {
	t.Helper()
	c, err := intelligence.New(intelligence.Config{
		BaseURL: srv.URL(), Username: intelligencetest.TestAccountSID, Password: intelligencetest.TestAuthToken,
		MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// readConversations runs the plural data source's Read with the given arguments (every
// other attribute null).
func readConversations(t *testing.T, client *intelligence.Client, args map[string]tftypes.Value) *datasource.ReadResponse {
	t.Helper()
	anyArgs := make(map[string]any, len(args))
	for name, v := range args {
		anyArgs[name] = v
	}
	return readDataSource(t, NewConversationsDataSource(), client, anyArgs)
}

func stateIDs(t *testing.T, resp *datasource.ReadResponse) []string {
	t.Helper()
	var ids []string
	if d := resp.State.GetAttribute(context.Background(), path.Root("ids"), &ids); d.HasError() {
		t.Fatal(d)
	}
	return ids
}

func TestReadWarnsWhenMaxResultsCutsTheList(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 30})
	defer srv.Close()
	for _, tc := range []struct {
		max      int64
		wantIDs  int
		wantWarn bool
	}{
		{10, 10, true},
		{30, 30, false},
		{100, 30, false},
	} {
		resp := readConversations(t, testClient(t, srv), map[string]tftypes.Value{
			"max_results": tftypes.NewValue(tftypes.Number, tc.max),
		})
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
		if got := len(stateIDs(t, resp)); got != tc.wantIDs {
			t.Errorf("max_results %d: %d ids, want %d", tc.max, got, tc.wantIDs)
		}
		warnings := resp.Diagnostics.Warnings()
		switch {
		case tc.wantWarn && (len(warnings) != 1 || !strings.Contains(warnings[0].Summary(), "max_results") ||
			!strings.Contains(warnings[0].Detail(), "max_results")):

			t.Errorf("max_results %d: warnings %v, want one about max_results", tc.max, warnings)
		case tc.wantWarn && isAttributeScoped(warnings[0]):
			// Pulumi's bridge fails a call on any attribute-scoped diagnostic.
			t.Errorf("max_results %d: the warning is attached to an attribute", tc.max)
		case !tc.wantWarn && len(warnings) != 0:
			t.Errorf("max_results %d: unexpected warnings %v", tc.max, warnings)
		}
	}
}

func isAttributeScoped(d diag.Diagnostic) bool {
	_, ok := d.(diag.DiagnosticWithPath)
	return ok
}

func TestReadErrorsSayWhatFailedAndWhatToDo(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault intelligencetest.Fault
		want  []string
	}{
		{"rate limited", intelligencetest.Fault{Kind: intelligencetest.FaultRateLimit, RetryAfter: "0", Times: -1},
			[]string{"HTTP 429", "rate-limited", "after 2 attempt(s)", "max_retries"}},
		{"forbidden", intelligencetest.Fault{Kind: intelligencetest.FaultErrorBody, Status: 403},
			[]string{"HTTP 403", "permissions", "Twilio's page for error 20403: https://www.twilio.com/docs/errors/20403"}},

		{"server error", intelligencetest.Fault{Kind: intelligencetest.FaultStatus, Status: 500, Times: -1},
			[]string{"HTTP 500", "Retry later"}},
		{"malformed", intelligencetest.Fault{Kind: intelligencetest.FaultMalformedJSON},
			[]string{"unexpected body", "cannot read"}},
		{"failing on a later page", intelligencetest.Fault{Kind: intelligencetest.FaultErrorBody, Status: 401, After: 1},
			[]string{"HTTP 401", "credentials"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 30})
			defer srv.Close()
			srv.Inject(tc.fault)
			resp := readConversations(t, testClient(t, srv), map[string]tftypes.Value{
				"page_size": tftypes.NewValue(tftypes.Number, 10),
			})
			errs := resp.Diagnostics.Errors()
			if len(errs) != 1 {
				t.Fatalf("diagnostics %v, want one error", resp.Diagnostics)
			}
			if errs[0].Summary() != "Unable to list Twilio Intelligence conversations" {
				t.Errorf("summary %q", errs[0].Summary())
			}
			for _, w := range tc.want {
				if !strings.Contains(errs[0].Detail(), w) {
					t.Errorf("detail does not mention %q:\n%s", w, errs[0].Detail())
				}
			}
			// No partial result: what came before the failure is not in the state.
			if ids := stateIDs(t, resp); ids != nil {
				t.Errorf("%d ids in the state after a failed read", len(ids))
			}
		})
	}
}

func TestReadTimeoutBoundsTheWholeRead(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 3000})
	defer srv.Close()
	srv.SetLatency(300 * time.Millisecond)
	start := time.Now()
	resp := readConversations(t, testClient(t, srv), map[string]tftypes.Value{
		"page_size": tftypes.NewValue(tftypes.Number, 100),
		"timeouts": tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"read": tftypes.String}},
			map[string]tftypes.Value{"read": tftypes.NewValue(tftypes.String, "1s")}),
	})
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("the read took %s with timeouts.read = 1s", elapsed)
	}
	errs := resp.Diagnostics.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0].Detail(), "timeouts.read") || !strings.Contains(errs[0].Detail(), "1s") {
		t.Errorf("diagnostics %v, want one error naming timeouts.read", resp.Diagnostics)
	}
}

func TestReadWithoutAClientIsAnErrorNotAPanic(t *testing.T) {
	resp := readConversations(t, nil, nil)
	if errs := resp.Diagnostics.Errors(); len(errs) != 1 || errs[0].Summary() != "Twilio provider not configured" {
		t.Errorf("diagnostics %v", resp.Diagnostics)
	}
}

// The id names the request: path, parameter names and a digest of their values, so that
// equal arguments give equal ids, different ones different ids, and no value shows (a
// data source's id is printed by Terraform).
func TestReadIDNamesTheRequest(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 30})
	defer srv.Close()
	set := func(values ...string) tftypes.Value {
		elems := make([]tftypes.Value, len(values))
		for i, v := range values {
			elems[i] = tftypes.NewValue(tftypes.String, v)
		}
		return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	idOf := func(args map[string]tftypes.Value) string {
		t.Helper()
		resp := readConversations(t, testClient(t, srv), args)
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
		var id string
		if d := resp.State.GetAttribute(context.Background(), path.Root("id"), &id); d.HasError() {
			t.Fatal(d)
		}
		return id
	}
	if id := idOf(nil); id != "/v3/Conversations" {
		t.Errorf("no filter: id %q", id)
	}
	if id := idOf(map[string]tftypes.Value{"max_results": tftypes.NewValue(tftypes.Number, 5), "page_size": tftypes.NewValue(tftypes.Number, 2)}); id != "/v3/Conversations" {
		t.Errorf("paging changed the id: %q", id)
	}
	closedVoice := idOf(map[string]tftypes.Value{"status": str("CLOSED"), "channels": set("VOICE", "SMS")})
	if !regexp.MustCompile(`^/v3/Conversations\?channels,status#[0-9a-f]{16}$`).MatchString(closedVoice) ||
		strings.Contains(closedVoice, "CLOSED") || strings.Contains(closedVoice, "VOICE") {
		t.Errorf("id %q: want the path, the parameter names and a digest, no value", closedVoice)
	}
	if id := idOf(map[string]tftypes.Value{"channels": set("SMS", "VOICE"), "status": str("CLOSED")}); id != closedVoice {
		t.Errorf("the same filters in another order: %q, want %q", id, closedVoice)
	}
	if id := idOf(map[string]tftypes.Value{"status": str("ACTIVE"), "channels": set("VOICE", "SMS")}); id == closedVoice {
		t.Errorf("another status has the same id %q", id)
	}
	zoned := idOf(map[string]tftypes.Value{"created_at_after": str("2026-06-01T02:00:00+02:00")})
	if utc := idOf(map[string]tftypes.Value{"created_at_after": str("2026-06-01T00:00:00Z")}); zoned != utc {
		t.Errorf("the same instant in two zones: %q and %q", zoned, utc)
	}
}
