package provider

import (
	"fmt"
	"regexp"
	"slices"
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
	operatorsAddr        = "data.twilio_intelligence_operators.test"
	operatorAddr         = "data.twilio_intelligence_operator.test"
	operatorVersionsAddr = "data.twilio_intelligence_operator_versions.test"
	operatorsPath        = "/v3/ControlPlane/Operators"
)

// operatorNamed is the local API's operator with that display name.
func operatorNamed(t *testing.T, srv *intelligencetest.Server, name string) intelligence.Operator {
	t.Helper()
	for _, o := range srv.Operators() {
		if o.DisplayName != nil && *o.DisplayName == name {
			return o
		}
	}
	t.Fatalf("no operator named %q", name)
	return intelligence.Operator{}
}

// The author and output_format filters against the oracle, alone and together, and
// max_results, which caps what the filters keep: with a filter set every page is read
// first.
func TestAccOperators(t *testing.T) {
	t.Parallel()
	opts := intelligencetest.Options{Conversations: 5}
	all := intelligencetest.NewHandler(opts).Operators()
	for _, tc := range []struct {
		author, format string
		max            int
		requests       int // per read, at page_size = 1
	}{
		{"", "", 0, len(all)},
		{"SELF", "", 0, len(all)},
		{"TWILIO", "", 0, len(all)},
		{"", "EXTRACTION", 0, len(all)},
		{"", "JSON", 0, len(all)},
		{"SELF", "JSON", 0, len(all)},
		{"TWILIO", "JSON", 0, len(all)}, // none, in the seeded data
		{"", "", 1, 1},
		{"SELF", "", 1, len(all)},
		{"TWILIO", "", 2, len(all)}, // as many as match: every page read, nothing cut
	} {
		t.Run(fmt.Sprintf("author=%q output_format=%q max_results=%d", tc.author, tc.format, tc.max), func(t *testing.T) {
			f := operatorFilter{author: tc.author, outputFormat: tc.format}
			want := []string{}
			for _, o := range all {
				if f.keep(&o) {
					want = append(want, o.ID)
				}
			}
			if tc.author != "" || tc.format != "" {
				if len(want) == len(all) {
					t.Fatalf("the filter keeps all %d operators: it discriminates nothing", len(all))
				}
			}
			if tc.max > 0 {
				if len(want) < tc.max {
					t.Fatalf("%d operators match; the cap of %d keeps them all", len(want), tc.max)
				}
				want = want[:tc.max]
			}
			args := []string{"page_size = 1"}
			idPattern := `^/v3/ControlPlane/Operators$`
			var names []string
			if tc.author != "" {
				args, names = append(args, fmt.Sprintf("author = %q", tc.author)), append(names, "author")
			}
			if tc.format != "" {
				args, names = append(args, fmt.Sprintf("output_format = %q", tc.format)), append(names, "outputFormat")
			}
			if names != nil {
				idPattern = `^/v3/ControlPlane/Operators\?` + strings.Join(names, ",") + `#[0-9a-f]{16}$`
			}
			if tc.max > 0 {
				args = append(args, fmt.Sprintf("max_results = %d", tc.max))
			}
			srv := localAPI(t, opts)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + dataBlock("twilio_intelligence_operators", args...),
					ConfigStateChecks: []statecheck.StateCheck{
						idsAre(operatorsAddr, want),
						statecheck.ExpectKnownValue(operatorsAddr, tfjsonpath.New("operators"), knownvalue.ListSizeExact(len(want))),
						statecheck.ExpectKnownValue(operatorsAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(idPattern))),
					},
					Check: everyReadTook(srv, operatorsPath, tc.requests),
				}},
			})
		})
	}
}

func TestAccOperatorsDefaultPageAndEmpty(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string]intelligencetest.Options{"seeded": {Conversations: 5}, "empty": {Conversations: -1}} {
		t.Run(name, func(t *testing.T) {
			srv := localAPI(t, opts)
			want := []string{}
			for _, o := range srv.Operators() {
				want = append(want, o.ID)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + dataBlock("twilio_intelligence_operators"),
					ConfigStateChecks: []statecheck.StateCheck{
						idsAre(operatorsAddr, want),
						statecheck.ExpectKnownValue(operatorsAddr, tfjsonpath.New("operators"), knownvalue.ListSizeExact(len(want))),
						statecheck.ExpectKnownValue(operatorsAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(1000)),
					},
					Check: resource.ComposeTestCheckFunc(everyReadTook(srv, operatorsPath, 1), sentQuery(srv, "pageSize", "1000")),
				}},
			})
		})
	}
}

// One operator by id or by display name, at its current version (status and
// date_created null) or at a version; each way sends only the requests it needs.
func TestAccOperator(t *testing.T) {
	t.Parallel()
	opts := intelligencetest.Options{Conversations: 5}
	data := intelligencetest.NewHandler(opts)
	op := operatorNamed(t, data, "Script Adherence")
	versions := data.OperatorVersions(op.ID)
	if len(versions) < 2 {
		t.Fatalf("%d versions; the test needs an old one", len(versions))
	}
	old := versions[len(versions)-1]
	for _, tc := range []struct {
		name    string
		args    []string
		version *intelligence.OperatorVersion // nil: the current one
		paths   []string
	}{
		{"id", []string{fmt.Sprintf("id = %q", op.ID)}, nil, []string{operatorsPath + "/" + op.ID}},
		{"display_name", []string{`display_name = "Script Adherence"`}, nil, []string{operatorsPath}},
		{"id at a version", []string{fmt.Sprintf("id = %q", op.ID), fmt.Sprintf("version = %d", *old.Version)}, &old,
			[]string{operatorsPath + "/" + op.ID + "/Versions/" + strconv.Itoa(int(*old.Version))}},
		{"display_name at a version", []string{`display_name = "Script Adherence"`, fmt.Sprintf("version = %d", *old.Version)}, &old,
			[]string{operatorsPath, operatorsPath + "/" + op.ID + "/Versions/" + strconv.Itoa(int(*old.Version))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := localAPI(t, opts)
			version, status, created := versionCheck(op.Version), knownvalue.Check(knownvalue.Null()), knownvalue.Check(knownvalue.Null())
			if v := tc.version; v != nil {
				version, status, created = versionCheck(v.Version), stringOrNullCheck(v.Status), stringOrNullCheck(v.DateCreated)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + dataBlock("twilio_intelligence_operator", tc.args...) + `
output "schema" {
  value = jsondecode(data.twilio_intelligence_operator.test.output_schema_json)
}
output "parameters" {
  value = jsondecode(data.twilio_intelligence_operator.test.parameters_json)
}
`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("id"), knownvalue.StringExact(op.ID)),
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("display_name"), stringOrNullCheck(op.DisplayName)),
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("author"), stringOrNullCheck(op.Author)),
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("prompt"), stringOrNullCheck(op.Prompt)),
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("output_format"), stringOrNullCheck(op.OutputFormat)),
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("training_examples"), listOf(op.TrainingExamples, func(e *intelligence.TrainingExample) knownvalue.Check {
							return knownvalue.ObjectExact(map[string]knownvalue.Check{"input": stringOrNullCheck(e.Input), "output": stringOrNullCheck(e.Output)})
						})),
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("version"), version),
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("status"), status),
						statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("date_created"), created),
						statecheck.ExpectKnownOutputValue("schema", jsonCheck(t, op.OutputSchema)),
						statecheck.ExpectKnownOutputValue("parameters", jsonCheck(t, op.Parameters)),
					},
					Check: onlyRequests(srv, tc.paths...),
				}},
			})
		})
	}
}

// A Twilio-authored operator has no prompt and no training examples: both null.
func TestAccOperatorByTwilio(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 5})
	op := operatorNamed(t, srv, "Customer Sentiment")
	if *op.Author != "TWILIO" {
		t.Fatalf("author %s", *op.Author)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + dataBlock("twilio_intelligence_operator", fmt.Sprintf("id = %q", op.ID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("Customer Sentiment")),
				statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("prompt"), knownvalue.Null()),
				statecheck.ExpectKnownValue(operatorAddr, tfjsonpath.New("training_examples"), knownvalue.Null()),
			},
		}},
	})
}

// A display name that matches none or several operators, an id or a version that does
// not exist: each an error that names what was asked for.
func TestAccOperatorLookupErrors(t *testing.T) {
	t.Parallel()
	opts := intelligencetest.Options{Conversations: 5}
	data := intelligencetest.NewHandler(opts)
	summary := operatorNamed(t, data, "Call Summary")
	twin := intelligence.Operator{ID: "intelligence_operator_7" + strings.Repeat("t", 25), DisplayName: summary.DisplayName}
	unknown := unknownID("intelligence_operator_")
	for _, tc := range []struct {
		name, args, expect string
		twin               bool
	}{
		{"no such name", `display_name = "Nobody"`,
			fmt.Sprintf(`No Twilio Intelligence Language Operator named "Nobody".*None of the %d operators`, len(data.Operators())), false},
		{"names match exactly", `display_name = "call summary"`, `No Twilio Intelligence Language Operator named "call summary"`, false},
		{"two of a name", `display_name = "Call Summary"`,
			fmt.Sprintf(`Several Twilio Intelligence operators named "Call Summary".*2 operators are named "Call Summary": %s, %s`, summary.ID, twin.ID), true},
		{"two of a name at a version", "display_name = \"Call Summary\"\n  version = 1", `Several Twilio Intelligence operators named "Call Summary"`, true},
		{"unknown id", fmt.Sprintf("id = %q", unknown), `Twilio Intelligence Language Operator not found.*No Language Operator "` + unknown + `" exists.*HTTP 404`, false},
		{"unknown version", fmt.Sprintf("id = %q\n  version = 99", summary.ID),
			`Language Operator version not found.*"` + summary.ID + `" has no version 99.*HTTP 404`, false},
		{"unknown id at a version", fmt.Sprintf("id = %q\n  version = 1", unknown), `Language Operator version not found.*"` + unknown + `" has no version 1`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := localAPI(t, opts)
			if tc.twin {
				srv.AddOperator(twin)
				var named []string
				for _, o := range srv.Operators() {
					if *o.DisplayName == *summary.DisplayName {
						named = append(named, o.ID)
					}
				}
				if !slices.Equal(named, []string{summary.ID, twin.ID}) {
					t.Fatalf("operators named %q in API order: %v", *summary.DisplayName, named)
				}
			}
			testReadFails(t, srv, "twilio_intelligence_operator", tc.args, tc.expect)
		})
	}
}

// The versions of every operator, every field, one request per version at page_size 1.
func TestAccOperatorVersions(t *testing.T) {
	t.Parallel()
	opts := intelligencetest.Options{Conversations: 5}
	for _, op := range intelligencetest.NewHandler(opts).Operators() {
		t.Run(*op.DisplayName, func(t *testing.T) {
			srv := localAPI(t, opts)
			versions := srv.OperatorVersions(op.ID)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + dataBlock("twilio_intelligence_operator_versions", fmt.Sprintf("operator_id = %q", op.ID), "page_size = 1"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(operatorVersionsAddr, tfjsonpath.New("versions"), listOf(versions, func(v *intelligence.OperatorVersion) knownvalue.Check {
							return knownvalue.ObjectExact(map[string]knownvalue.Check{
								"version": versionCheck(v.Version), "status": stringOrNullCheck(v.Status), "date_created": stringOrNullCheck(v.DateCreated),
								"date_deprecated": stringOrNullCheck(v.DateDeprecated), "retirement_date": stringOrNullCheck(v.RetirementDate),
								"date_retired": stringOrNullCheck(v.DateRetired),
							})
						})),
						statecheck.ExpectKnownValue(operatorVersionsAddr, tfjsonpath.New("id"),
							knownvalue.StringRegexp(regexp.MustCompile(`^/v3/ControlPlane/Operators/\{id\}/Versions\?id#[0-9a-f]{16}$`))),
					},
					Check: everyReadTook(srv, operatorsPath+"/"+op.ID+"/Versions", len(versions)),
				}},
			})
		})
	}
}

func TestAccOperatorVersionsMaxResults(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 5})
	op := operatorNamed(t, srv, "Script Adherence")
	versions := srv.OperatorVersions(op.ID)
	if len(versions) <= 2 {
		t.Fatalf("%d versions; the cap must cut the list", len(versions))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + dataBlock("twilio_intelligence_operator_versions", fmt.Sprintf("operator_id = %q", op.ID), "max_results = 2"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(operatorVersionsAddr, tfjsonpath.New("versions"), listOf(versions[:2], func(v *intelligence.OperatorVersion) knownvalue.Check {
					return knownvalue.ObjectPartial(map[string]knownvalue.Check{"version": versionCheck(v.Version)})
				})),
			},
			Check: resource.ComposeTestCheckFunc(everyReadTook(srv, operatorsPath+"/"+op.ID+"/Versions", 1), sentQuery(srv, "pageSize", "2")),
		}},
	})
}

// The versions of an operator that does not exist are a not-found error naming its id,
// not an empty list.
func TestAccOperatorVersionsOfAnUnknownOperator(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 5})
	id := unknownID("intelligence_operator_")
	testReadFails(t, srv, "twilio_intelligence_operator_versions", fmt.Sprintf("operator_id = %q", id),
		`Twilio Intelligence Language Operator not found.*No Language Operator "`+id+`" exists.*HTTP 404`)
}

// Every invalid argument fails at plan time, names the attribute, and sends nothing.
func TestAccOperatorsInvalidArguments(t *testing.T) {
	t.Parallel()
	var cases []invalidArgument
	for _, v := range []string{"self", "Twilio", "", "OTHER"} {
		cases = append(cases, invalidArgument{fmt.Sprintf("author = %q", v), `Attribute author .*"SELF".*"TWILIO"`})
	}
	for _, v := range []string{"json", "Classification", "", "SENTIMENT"} {
		cases = append(cases, invalidArgument{fmt.Sprintf("output_format = %q", v), `Attribute output_format .*"CLASSIFICATION".*"TEXT".*"EXTRACTION".*"JSON"`})
	}
	testInvalidArguments(t, "twilio_intelligence_operators", append(cases, pagingCases...))
}

func TestAccOperatorInvalidArguments(t *testing.T) {
	t.Parallel()
	id := fmt.Sprintf("id = %q", unknownID("intelligence_operator_"))
	cases := append(idArgumentCases("id", operatorID),
		invalidArgument{"", `(?:id.*display_name|display_name.*id)`},
		invalidArgument{id + `
  display_name = "Call Summary"`, `(?:id.*display_name|display_name.*id)`},
		invalidArgument{`version = 2`, `(?:id.*display_name|display_name.*id)`},
		invalidArgument{`display_name = ""`, `Attribute display_name`},
		invalidArgument{fmt.Sprintf("display_name = %q", strings.Repeat("x", 129)), `Attribute display_name`},
		invalidArgument{id + "\n  version = 0", `Attribute version`},
		invalidArgument{id + "\n  version = -1", `Attribute version`},
		invalidArgument{id + "\n  timeouts = { read = \"soon\" }", `"soon"`},
	)
	testInvalidArguments(t, "twilio_intelligence_operator", cases)
}

func TestAccOperatorVersionsInvalidArguments(t *testing.T) {
	t.Parallel()
	id := fmt.Sprintf("operator_id = %q\n  ", unknownID("intelligence_operator_"))
	cases := idArgumentCases("operator_id", operatorID)
	for _, c := range pagingCases {
		cases = append(cases, invalidArgument{id + c.args, c.expect})
	}
	testInvalidArguments(t, "twilio_intelligence_operator_versions", cases)
}
