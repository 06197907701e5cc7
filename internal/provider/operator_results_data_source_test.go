package provider

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

const (
	operatorResultsAddr = "data.twilio_intelligence_operator_results.test"
	operatorResultsPath = "/v3/OperatorResults"
)

// resultsOracle lists the ids of the local API's operator results that match every
// filter set, in API order.
func resultsOracle(srv *intelligencetest.Server, f intelligence.OperatorResultFilter) []string {
	is := func(want string, have *string) bool { return want == "" || have != nil && *have == want }
	out := []string{}
	for _, r := range srv.OperatorResults() {
		if is(f.ConversationID, r.ConversationID) &&
			(f.IntelligenceConfigurationID == "" || r.IntelligenceConfiguration != nil && is(f.IntelligenceConfigurationID, r.IntelligenceConfiguration.ID)) &&
			(f.OperatorID == "" || r.Operator != nil && is(f.OperatorID, r.Operator.ID)) {
			out = append(out, r.ID)
		}
	}
	return out
}

// Each filter alone and together, against the oracle, over several pages, with the
// filters on every page.
func TestAccOperatorResultsFilters(t *testing.T) {
	t.Parallel()
	opts := intelligencetest.Options{Conversations: 60}
	data := intelligencetest.NewHandler(opts) // the same data as every subtest's own local API
	results := data.OperatorResults()
	perConversation := map[string]int{}
	busiest := ""
	for _, r := range results {
		if perConversation[*r.ConversationID]++; perConversation[*r.ConversationID] > perConversation[busiest] {
			busiest = *r.ConversationID
		}
	}
	one := results[len(results)/3]
	for _, tc := range []struct {
		name   string
		filter intelligence.OperatorResultFilter
	}{
		{"conversation_id", intelligence.OperatorResultFilter{ConversationID: busiest}},
		{"intelligence_configuration_id", intelligence.OperatorResultFilter{IntelligenceConfigurationID: intelligencetest.IntelligenceConfigurationIDs[1]}},
		{"operator_id", intelligence.OperatorResultFilter{OperatorID: intelligencetest.OperatorIDs[2]}},
		{"intelligence_configuration_id and operator_id", intelligence.OperatorResultFilter{
			IntelligenceConfigurationID: *one.IntelligenceConfiguration.ID, OperatorID: *one.Operator.ID}},
		{"all three", intelligence.OperatorResultFilter{
			ConversationID: *one.ConversationID, IntelligenceConfigurationID: *one.IntelligenceConfiguration.ID, OperatorID: *one.Operator.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := resultsOracle(data, tc.filter)
			if len(want) == 0 || len(want) == len(results) {
				t.Fatalf("the filter keeps %d of %d: it discriminates nothing", len(want), len(results))
			}
			size := max(1, (len(want)+2)/3)
			f := tc.filter
			srv := localAPI(t, opts)
			var args []string
			for attr, v := range map[string]string{"conversation_id": f.ConversationID, "intelligence_configuration_id": f.IntelligenceConfigurationID, "operator_id": f.OperatorID} {
				if v != "" {
					args = append(args, fmt.Sprintf("%s = %q", attr, v))
				}
			}
			args = append(args, fmt.Sprintf("page_size = %d", size))
			query := f.Values()
			query.Set("pageSize", strconv.Itoa(size))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + dataBlock("twilio_intelligence_operator_results", args...),
					ConfigStateChecks: []statecheck.StateCheck{
						idsAre(operatorResultsAddr, want),
						statecheck.ExpectKnownValue(operatorResultsAddr, tfjsonpath.New("operator_results"), knownvalue.ListSizeExact(len(want))),
						statecheck.ExpectKnownValue(operatorResultsAddr, tfjsonpath.New("operator_results").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(want[0])),
						statecheck.ExpectKnownValue(operatorResultsAddr, tfjsonpath.New("id"),
							knownvalue.StringRegexp(regexp.MustCompile(`^/v3/OperatorResults\?`+regexp.QuoteMeta(sortedNames(f.Values()))+`#[0-9a-f]{16}$`))),
					},
					Check: resource.ComposeTestCheckFunc(
						everyReadTook(srv, operatorResultsPath, pageCount(len(want), size)),
						everyRequestCarries(srv, query),
					),
				}},
			})
		})
	}
}

// sortedNames is the comma-separated parameter names of a list's id.
func sortedNames(q url.Values) string {
	names := ""
	for _, k := range []string{"conversationId", "intelligenceConfigurationId", "operatorId"} {
		if q.Has(k) {
			if names != "" {
				names += ","
			}
			names += k
		}
	}
	return names
}

// page_size, max_results and their request counts; the default page size reads up to
// 1000 results in one request.
func TestAccOperatorResultsPagesAndMaxResults(t *testing.T) {
	t.Parallel()
	opts := intelligencetest.Options{Conversations: 60}
	all := resultsOracle(intelligencetest.NewHandler(opts), intelligence.OperatorResultFilter{})
	for _, tc := range []struct {
		args          []string
		count, size   int // results kept, pageSize sent
		requests      int
		stateSize     int64
		stateMaxIsSet bool
	}{
		{nil, len(all), 1000, 1, 1000, false},
		{[]string{"page_size = 25"}, len(all), 25, pageCount(len(all), 25), 25, false},
		{[]string{"page_size = 25", "max_results = 30"}, 30, 25, 2, 25, true},
		{[]string{"max_results = 5"}, 5, 5, 1, 1000, true},
		{[]string{"max_results = 500"}, len(all), 500, 1, 1000, true}, // more than there are: all, untruncated
		{[]string{"page_size = 1", "max_results = 3"}, 3, 1, 3, 1, true},
	} {
		t.Run(fmt.Sprint(tc.args), func(t *testing.T) {
			srv := localAPI(t, opts)
			checks := []statecheck.StateCheck{
				idsAre(operatorResultsAddr, all[:tc.count]),
				statecheck.ExpectKnownValue(operatorResultsAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(tc.stateSize)),
				statecheck.ExpectKnownValue(operatorResultsAddr, tfjsonpath.New("id"), knownvalue.StringExact(operatorResultsPath)),
			}
			if !tc.stateMaxIsSet {
				checks = append(checks, statecheck.ExpectKnownValue(operatorResultsAddr, tfjsonpath.New("max_results"), knownvalue.Null()))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            providerBlock(srv) + dataBlock("twilio_intelligence_operator_results", tc.args...),
					ConfigStateChecks: checks,
					Check: resource.ComposeTestCheckFunc(
						everyReadTook(srv, operatorResultsPath, tc.requests),
						everyRequestCarries(srv, url.Values{"pageSize": {strconv.Itoa(tc.size)}}),
					),
				}},
			})
		})
	}
}

// Nothing matching is an empty list, not null and not an error: an account without
// results, and a filter that matches none.
func TestAccOperatorResultsEmpty(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		opts intelligencetest.Options
		args string
	}{
		"empty account":         {intelligencetest.Options{Conversations: -1}, ""},
		"no match":              {intelligencetest.Options{Conversations: 20}, fmt.Sprintf("conversation_id = %q", unknownID("conv_conversation_"))},
		"unknown operator":      {intelligencetest.Options{Conversations: 20}, fmt.Sprintf("operator_id = %q", unknownID("intelligence_operator_"))},
		"unknown configuration": {intelligencetest.Options{Conversations: 20}, fmt.Sprintf("intelligence_configuration_id = %q", unknownID("intelligence_configuration_"))},
	} {
		t.Run(name, func(t *testing.T) {
			srv := localAPI(t, tc.opts)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + dataBlock("twilio_intelligence_operator_results", tc.args),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(operatorResultsAddr, tfjsonpath.New("operator_results"), knownvalue.ListExact([]knownvalue.Check{})),
						statecheck.ExpectKnownValue(operatorResultsAddr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{})),
					},
					Check: everyReadTook(srv, operatorResultsPath, 1),
				}},
			})
		})
	}
}

// resultShape reads the typed fields of a result the way the spec describes them, from
// the API's JSON, as an oracle independent of the provider's own parsing.
type resultShape struct {
	Label    *string `json:"label"`
	Text     *string `json:"text"`
	Entities []struct {
		Text  *string `json:"text"`
		Label *string `json:"label"`
	} `json:"entities"`
}

// One result of every output format by id: label, text or entities per format, and the
// free-form objects through jsondecode(); then the spec's example, and a result whose
// optional fields are all absent or null.
func TestAccOperatorResult(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 20})
	example := intelligencetest.SpecExampleOperatorResult()
	srv.AddOperatorResult(example)
	bare := intelligence.OperatorResult{ID: "intelligence_operatorresult_0bare" + strings.Repeat("0", 21)}
	srv.AddOperatorResult(bare)

	byFormat := map[string]intelligence.OperatorResult{}
	for _, r := range srv.OperatorResults() {
		if r.OutputFormat == nil {
			continue
		}
		if _, seen := byFormat[*r.OutputFormat]; !seen {
			byFormat[*r.OutputFormat] = r
		}
	}
	if len(byFormat) != len(intelligence.OutputFormats) {
		t.Fatalf("the data has the formats %v, want every one", byFormat)
	}
	config := providerBlock(srv)
	var checks []statecheck.StateCheck
	var paths []string
	for name, r := range map[string]intelligence.OperatorResult{
		"classification": byFormat["CLASSIFICATION"], "text": byFormat["TEXT"], "extraction": byFormat["EXTRACTION"],
		"json": byFormat["JSON"], "example": example, "bare": bare,
	} {
		addr := "data.twilio_intelligence_operator_result." + name
		paths = append(paths, operatorResultsPath+"/"+r.ID)
		config += fmt.Sprintf("data \"twilio_intelligence_operator_result\" %q {\n  id = %q\n}\n", name, r.ID)
		var shape resultShape
		if len(r.Result) > 0 {
			if err := json.Unmarshal(r.Result, &shape); err != nil {
				t.Fatal(err)
			}
		}
		label, text, entities := knownvalue.Check(knownvalue.Null()), knownvalue.Check(knownvalue.Null()), knownvalue.Check(knownvalue.Null())
		switch format := r.OutputFormat; {
		case format == nil:
		case *format == "CLASSIFICATION":
			label = knownvalue.StringExact(*shape.Label)
		case *format == "TEXT":
			text = knownvalue.StringExact(*shape.Text)
		case *format == "EXTRACTION":
			entities = listOf(shape.Entities, func(e *struct {
				Text  *string `json:"text"`
				Label *string `json:"label"`
			}) knownvalue.Check {
				return knownvalue.ObjectExact(map[string]knownvalue.Check{"text": stringOrNullCheck(e.Text), "label": stringOrNullCheck(e.Label)})
			})
		}
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("label"), label),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("text"), text),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("entities"), entities),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("output_format"), stringOrNullCheck(r.OutputFormat)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("conversation_id"), stringOrNullCheck(r.ConversationID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("date_created"), stringOrNullCheck(r.DateCreated)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("reference_ids"), stringListCheck(r.ReferenceIDs)),
		)
		for attr, raw := range map[string][]byte{"result_json": r.Result, "execution_details_json": r.ExecutionDetails, "metadata_json": r.Metadata} {
			if len(raw) == 0 || string(raw) == "null" {
				checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.Null()))
				continue
			}
			config += fmt.Sprintf("output %q {\n  value = jsondecode(%s.%s)\n}\n", name+"_"+attr, addr, attr)
			checks = append(checks, statecheck.ExpectKnownOutputValue(name+"_"+attr, jsonCheck(t, raw)))
		}
		if r.Operator == nil {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("operator"), knownvalue.Null()))
		} else {
			config += fmt.Sprintf("output %q {\n  value = jsondecode(%s.operator.parameters_json)\n}\n", name+"_parameters", addr)
			checks = append(checks,
				statecheck.ExpectKnownOutputValue(name+"_parameters", jsonCheck(t, r.Operator.Parameters)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("operator").AtMapKey("id"), stringOrNullCheck(r.Operator.ID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("operator").AtMapKey("version"), versionCheck(r.Operator.Version)))
		}
		cfg := knownvalue.Check(knownvalue.Null())
		if c := r.IntelligenceConfiguration; c != nil {
			cfg = knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": stringOrNullCheck(c.ID), "rule_id": stringOrNullCheck(c.RuleID), "version": versionCheck(c.Version),
			})
		}
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("intelligence_configuration"), cfg))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: checks,
			Check:             onlyRequests(srv, paths...),
		}},
	})
}

func stringListCheck(values []string) knownvalue.Check {
	if values == nil {
		return knownvalue.Null()
	}
	return listOf(values, func(s *string) knownvalue.Check { return knownvalue.StringExact(*s) })
}

func TestAccOperatorResultNotFound(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 3})
	id := unknownID("intelligence_operatorresult_")
	testReadFails(t, srv, "twilio_intelligence_operator_result", fmt.Sprintf("id = %q", id),
		`Twilio Intelligence operator result not found.*No operator result "`+id+`" exists.*HTTP 404`)
}

// Every invalid argument fails at plan time, names the attribute, and sends nothing.
func TestAccOperatorResultsInvalidArguments(t *testing.T) {
	t.Parallel()
	cases := append(idArgumentCases("conversation_id", conversationID), idArgumentCases("intelligence_configuration_id", configurationID)...)
	cases = append(cases, idArgumentCases("operator_id", operatorID)...)
	cases = append(cases, pagingCases...)
	testInvalidArguments(t, "twilio_intelligence_operator_results", cases)
}

func TestAccOperatorResultInvalidArguments(t *testing.T) {
	t.Parallel()
	testInvalidArguments(t, "twilio_intelligence_operator_result", append(idArgumentCases("id", resultID),
		invalidArgument{fmt.Sprintf("id = %q\n  timeouts = { read = \"soon\" }", unknownID("intelligence_operatorresult_")), `"soon"`}))
}
