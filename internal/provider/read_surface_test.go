package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// Read called directly on the operator result, operator and configuration data sources,
// for what an acceptance test cannot observe: warnings, and where a diagnostic is
// attached.

// TestReadWarnsOnEveryListWhenMaxResultsCutsIt: a cap that cuts a list short warns,
// without an attribute path; a cap that keeps everything does not.
func TestReadWarnsOnEveryListWhenMaxResultsCutsIt(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 10})
	defer srv.Close()
	ops := srv.Operators()
	opID := operatorNamed(t, srv, "Script Adherence").ID
	self := 0
	for _, o := range ops {
		if *o.Author == "SELF" {
			self++
		}
	}
	for _, tc := range []struct {
		name string
		ds   func() datasource.DataSource
		noun string
		args map[string]any
		warn bool
	}{
		{"operator results cut", NewOperatorResultsDataSource, "operator results", map[string]any{"max_results": 1}, true},
		{"operator results whole", NewOperatorResultsDataSource, "operator results", map[string]any{"max_results": len(srv.OperatorResults())}, false},
		{"operators cut", NewOperatorsDataSource, "operators", map[string]any{"max_results": 1, "page_size": 1}, true},
		{"operators whole", NewOperatorsDataSource, "operators", map[string]any{"max_results": len(ops)}, false},
		{"filtered operators cut", NewOperatorsDataSource, "operators", map[string]any{"max_results": self - 1, "author": "SELF"}, true},
		{"filtered operators whole", NewOperatorsDataSource, "operators", map[string]any{"max_results": self, "author": "SELF"}, false},
		{"operator versions cut", NewOperatorVersionsDataSource, "operator versions", map[string]any{"max_results": 1, "operator_id": opID}, true},
		{"operator versions whole", NewOperatorVersionsDataSource, "operator versions", map[string]any{"max_results": len(srv.OperatorVersions(opID)), "operator_id": opID}, false},
		{"configurations cut", NewConfigurationsDataSource, "configurations", map[string]any{"max_results": 3, "page_size": 3}, true},
		{"configurations whole", NewConfigurationsDataSource, "configurations", map[string]any{"max_results": len(srv.Configurations())}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := readDataSource(t, tc.ds(), testClient(t, srv), tc.args)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			warnings := resp.Diagnostics.Warnings()
			switch {
			case !tc.warn && len(warnings) != 0:
				t.Errorf("unexpected warnings %v", warnings)
			case !tc.warn:
			case len(warnings) != 1 || !strings.Contains(warnings[0].Summary(), "Twilio Intelligence "+tc.noun+" limited by max_results"):
				t.Errorf("warnings %v, want one about max_results and %s", warnings, tc.noun)
			case isAttributeScoped(warnings[0]):
				t.Error("the warning is attached to an attribute") // Pulumi's bridge fails a call on those
			}
		})
	}
}

// TestReadErrorsNameTheArgumentAndWhatItNamed: a not-found id, version or name is an
// error on the argument that holds it, whose detail names it.
func TestReadErrorsNameTheArgumentAndWhatItNamed(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 5})
	defer srv.Close()
	op := operatorNamed(t, srv, "Call Summary")
	twin := op
	twin.ID = "intelligence_operator_7" + strings.Repeat("t", 25)
	twin.Version = nil
	srv.AddOperator(twin)
	for _, tc := range []struct {
		name    string
		ds      func() datasource.DataSource
		args    map[string]any
		attr    string
		summary string
		detail  []string
	}{
		{"operator result", NewOperatorResultDataSource, map[string]any{"id": unknownID("intelligence_operatorresult_")}, "id",
			"Twilio Intelligence operator result not found", []string{unknownID("intelligence_operatorresult_"), "HTTP 404"}},
		{"operator", NewOperatorDataSource, map[string]any{"id": unknownID("intelligence_operator_")}, "id",
			"Twilio Intelligence Language Operator not found", []string{unknownID("intelligence_operator_"), "HTTP 404"}},
		{"operator version", NewOperatorDataSource, map[string]any{"id": op.ID, "version": 99}, "version",
			"Twilio Intelligence Language Operator version not found", []string{op.ID, "version 99", "twilio_intelligence_operator_versions"}},
		{"operator name", NewOperatorDataSource, map[string]any{"display_name": "Nobody"}, "display_name",
			`No Twilio Intelligence Language Operator named "Nobody"`, []string{`"Nobody"`}},
		{"ambiguous operator name", NewOperatorDataSource, map[string]any{"display_name": "Call Summary"}, "display_name",
			`Several Twilio Intelligence operators named "Call Summary"`, []string{op.ID, twin.ID, "Set id"}},
		{"operator versions", NewOperatorVersionsDataSource, map[string]any{"operator_id": unknownID("intelligence_operator_")}, "operator_id",
			"Twilio Intelligence Language Operator not found", []string{unknownID("intelligence_operator_"), "HTTP 404"}},
		{"configuration", NewConfigurationDataSource, map[string]any{"id": unknownID("intelligence_configuration_")}, "id",
			"Twilio Intelligence Configuration not found", []string{unknownID("intelligence_configuration_"), "HTTP 404"}},
		{"configuration name", NewConfigurationDataSource, map[string]any{"display_name": "nothing"}, "display_name",
			`No Twilio Intelligence Configuration named "nothing"`, []string{`"nothing"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := readDataSource(t, tc.ds(), testClient(t, srv), tc.args)
			errs := resp.Diagnostics.Errors()
			if len(errs) != 1 {
				t.Fatalf("diagnostics %v, want one error", resp.Diagnostics)
			}
			withPath, ok := errs[0].(diag.DiagnosticWithPath)
			if !ok || !withPath.Path().Equal(path.Root(tc.attr)) {
				t.Errorf("the error is not on %s: %#v", tc.attr, errs[0])
			}
			if errs[0].Summary() != tc.summary {
				t.Errorf("summary %q, want %q", errs[0].Summary(), tc.summary)
			}
			for _, w := range tc.detail {
				if !strings.Contains(errs[0].Detail(), w) {
					t.Errorf("the detail does not mention %q:\n%s", w, errs[0].Detail())
				}
			}
		})
	}
}

// readCase is one way to read each data source, and the summary of its failures.
type readCase struct {
	name    string
	ds      func() datasource.DataSource
	args    map[string]any
	summary string
	lists   bool // a list, whose timeout advice mentions max_results
}

func everyReadCase(t *testing.T, srv *intelligencetest.Server) []readCase {
	op := operatorNamed(t, srv, "Call Summary")
	result := srv.OperatorResults()[0].ID
	cfg := srv.Configurations()[0].ID
	return []readCase{
		{"operator results", NewOperatorResultsDataSource, nil, "Unable to list Twilio Intelligence operator results", true},
		{"operator result", NewOperatorResultDataSource, map[string]any{"id": result}, "Unable to read Twilio Intelligence operator result " + result, false},
		{"operators", NewOperatorsDataSource, map[string]any{"author": "SELF"}, "Unable to list Twilio Intelligence operators", true},
		{"operator by id", NewOperatorDataSource, map[string]any{"id": op.ID}, "Unable to read Twilio Intelligence Language Operator " + op.ID, false},
		{"operator by name", NewOperatorDataSource, map[string]any{"display_name": "Call Summary"}, `Unable to list Twilio Intelligence operators to find "Call Summary"`, false},
		{"operator at a version", NewOperatorDataSource, map[string]any{"id": op.ID, "version": 1}, "Unable to read Twilio Intelligence Language Operator " + op.ID + " version 1", false},
		{"operator versions", NewOperatorVersionsDataSource, map[string]any{"operator_id": op.ID}, "Unable to list Twilio Intelligence operator versions", true},
		{"configurations", NewConfigurationsDataSource, nil, "Unable to list Twilio Intelligence configurations", true},
		{"configuration by id", NewConfigurationDataSource, map[string]any{"id": cfg}, "Unable to read Twilio Intelligence Configuration " + cfg, false},
		{"configuration by name", NewConfigurationDataSource, map[string]any{"display_name": "sales-qa"}, `Unable to list Twilio Intelligence configurations to find "sales-qa"`, false},
	}
}

// TestReadFailuresOfEveryDataSource: each client error type becomes one error whose
// summary says what failed and whose detail says what to do, on every data source.
func TestReadFailuresOfEveryDataSource(t *testing.T) {
	data := intelligencetest.NewServer(intelligencetest.Options{Conversations: 5})
	defer data.Close()
	for _, fault := range []struct {
		name  string
		fault intelligencetest.Fault
		want  []string
	}{
		{"forbidden", intelligencetest.Fault{Kind: intelligencetest.FaultErrorBody, Status: 403}, []string{"HTTP 403", "permissions", "https://www.twilio.com/docs/errors/"}},
		{"rate limited", intelligencetest.Fault{Kind: intelligencetest.FaultRateLimit, RetryAfter: "0", Times: -1}, []string{"HTTP 429", "rate-limited", "max_retries"}},
		{"malformed", intelligencetest.Fault{Kind: intelligencetest.FaultMalformedJSON, Times: -1}, []string{"cannot read"}},
	} {
		for _, tc := range everyReadCase(t, data) {
			t.Run(fault.name+"/"+tc.name, func(t *testing.T) {
				srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 5})
				defer srv.Close()
				srv.Inject(fault.fault)
				resp := readDataSource(t, tc.ds(), testClient(t, srv), tc.args)
				errs := resp.Diagnostics.Errors()
				if len(errs) != 1 {
					t.Fatalf("diagnostics %v, want one error", resp.Diagnostics)
				}
				if errs[0].Summary() != tc.summary {
					t.Errorf("summary %q, want %q", errs[0].Summary(), tc.summary)
				}
				for _, w := range fault.want {
					if !strings.Contains(errs[0].Detail(), w) {
						t.Errorf("the detail does not mention %q:\n%s", w, errs[0].Detail())
					}
				}
			})
		}
	}
}

// TestReadTimeoutBoundsEveryDataSource: timeouts.read bounds the whole read, and the
// error says which setting to raise.
func TestReadTimeoutBoundsEveryDataSource(t *testing.T) {
	srv := intelligencetest.NewServer(intelligencetest.Options{Conversations: 5})
	defer srv.Close()
	cases := everyReadCase(t, srv)
	srv.SetLatency(2 * time.Second)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := map[string]any{"timeouts": "200ms"}
			for k, v := range tc.args {
				args[k] = v
			}
			start := time.Now()
			resp := readDataSource(t, tc.ds(), testClient(t, srv), args)
			if elapsed := time.Since(start); elapsed > 1500*time.Millisecond {
				t.Errorf("the read took %s with timeouts.read = 200ms", elapsed)
			}
			errs := resp.Diagnostics.Errors()
			if len(errs) != 1 || errs[0].Summary() != tc.summary || !strings.Contains(errs[0].Detail(), "Raise timeouts.read") {
				t.Fatalf("diagnostics %v, want one error that says to raise timeouts.read", resp.Diagnostics)
			}
			if got := strings.Contains(errs[0].Detail(), "max_results"); got != tc.lists {
				t.Errorf("the advice mentions max_results: %v, want %v:\n%s", got, tc.lists, errs[0].Detail())
			}
		})
	}
}
