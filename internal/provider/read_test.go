package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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
	ctx := context.Background()
	ds := &conversationsDataSource{client: client}
	var s datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &s)
	typ := s.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range args {
		attrs[name] = v
	}
	config := tftypes.NewValue(typ, attrs)
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s.Schema, Raw: config.Copy()}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: s.Schema, Raw: config}}, resp)
	return resp
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
		case !tc.wantWarn && len(warnings) != 0:
			t.Errorf("max_results %d: unexpected warnings %v", tc.max, warnings)
		}
		// The warning is about the result, not a wrong argument, so it names max_results
		// in words and has no attribute path: Pulumi's Terraform bridge turns any
		// attribute-scoped diagnostic of a read, warnings included, into a failed call.
		for _, w := range warnings {
			if p, ok := w.(diag.DiagnosticWithPath); ok {
				t.Errorf("max_results %d: the warning is scoped to %s", tc.max, p.Path())
			}
		}
	}
}

// The id names the query: path and filters, sorted, without paging or max_results.
func TestReadIDIsTheQuery(t *testing.T) {
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
	for _, tc := range []struct {
		args map[string]tftypes.Value
		want string
	}{
		{nil, "/v3/Conversations"},
		{map[string]tftypes.Value{
			"max_results": tftypes.NewValue(tftypes.Number, 5),
			"page_size":   tftypes.NewValue(tftypes.Number, 2),
		}, "/v3/Conversations"},
		{map[string]tftypes.Value{
			"status":   str("CLOSED"),
			"channels": set("VOICE", "SMS"),
		}, "/v3/Conversations?channels=SMS&channels=VOICE&status=CLOSED"},
		{map[string]tftypes.Value{
			"channels": set("SMS", "VOICE"),
			"status":   str("CLOSED"),
		}, "/v3/Conversations?channels=SMS&channels=VOICE&status=CLOSED"},
		{map[string]tftypes.Value{
			"created_at_after":  str("2026-06-01T02:00:00+02:00"),
			"created_at_before": str("2026-09-01T00:00:00Z"),
		}, "/v3/Conversations?createdAtAfter=2026-06-01T00%3A00%3A00Z&createdAtBefore=2026-09-01T00%3A00%3A00Z"},
	} {
		resp := readConversations(t, testClient(t, srv), tc.args)
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
		var id string
		if d := resp.State.GetAttribute(context.Background(), path.Root("id"), &id); d.HasError() {
			t.Fatal(d)
		}
		if id != tc.want {
			t.Errorf("id %q, want %q", id, tc.want)
		}
	}
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
			[]string{"HTTP 403", "permissions"}},
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
