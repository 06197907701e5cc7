package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// Helpers shared by the tests of the operator result, operator and configuration data
// sources.

// unknownID is a well-formed id that names nothing in the local API's data.
func unknownID(prefix string) string { return prefix + "7" + strings.Repeat("z", 25) }

// dataBlock is a data source block of type typeName named "test" with the given
// argument lines.
func dataBlock(typeName string, args ...string) string {
	return fmt.Sprintf("data %q \"test\" {\n  %s\n}\n", typeName, strings.Join(args, "\n  "))
}

// pageCount is how many pages n items take at size a page; an empty list is one page.
func pageCount(n, size int) int { return max(1, (n+size-1)/size) }

// everyReadTook checks that each read of the list at path took want requests: a request
// without a pageToken starts a read, the pages that follow belong to it. There must be at
// least one read.
func everyReadTook(srv *intelligencetest.Server, path string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		pages := readsAndPages(srv, path)
		if len(pages) == 0 {
			return fmt.Errorf("no request to %s", path)
		}
		for i, n := range pages {
			if n != want {
				return fmt.Errorf("read %d of %s took %d requests, want %d", i+1, path, n, want)
			}
		}
		return nil
	}
}

// everyRequestCarries checks that every request, on every page, carried exactly query
// (filters and pageSize) besides its pageToken.
func everyRequestCarries(srv *intelligencetest.Server, query url.Values) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range srv.Requests() {
			q := r.Query
			q.Del("pageToken")
			if q.Encode() != query.Encode() {
				return fmt.Errorf("request %s?%s, want the query %s on every page", r.Path, r.RawQuery, query.Encode())
			}
		}
		return nil
	}
}

// onlyRequests checks that the reads sent only requests to the given paths, as many to
// each (one of each per read), all answered.
func onlyRequests(srv *intelligencetest.Server, paths ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		counts := map[string]int{}
		for _, r := range srv.Requests() {
			if !slices.Contains(paths, r.Path) || r.Status != 200 {
				return fmt.Errorf("request %s (status %d), want only %v", r.Path, r.Status, paths)
			}
			counts[r.Path]++
		}
		for _, p := range paths {
			if counts[p] == 0 || counts[p] != counts[paths[0]] {
				return fmt.Errorf("requests per path %v, want the same number of each of %v", counts, paths)
			}
		}
		return nil
	}
}

// listOf checks a list attribute or output element by element.
func listOf[T any](items []T, check func(*T) knownvalue.Check) knownvalue.Check {
	checks := make([]knownvalue.Check, len(items))
	for i := range items {
		checks[i] = check(&items[i])
	}
	return knownvalue.ListExact(checks)
}

// idsAre checks the ids attribute of the data source at addr.
func idsAre(addr string, want []string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), listOf(want, func(id *string) knownvalue.Check { return knownvalue.StringExact(*id) }))
}

func stringOrNullCheck(s *string) knownvalue.Check {
	if s == nil {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(*s)
}

func versionCheck(v *intelligence.Version) knownvalue.Check {
	if v == nil {
		return knownvalue.Null()
	}
	return knownvalue.Int64Exact(int64(*v))
}

// jsonCheck checks a value that came out of jsondecode() against raw JSON.
func jsonCheck(t *testing.T, raw []byte) knownvalue.Check {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	var check func(any) knownvalue.Check
	check = func(v any) knownvalue.Check {
		switch v := v.(type) {
		case map[string]any:
			checks := make(map[string]knownvalue.Check, len(v))
			for k, e := range v {
				checks[k] = check(e)
			}
			return knownvalue.ObjectExact(checks)
		case []any:
			return listOf(v, func(e *any) knownvalue.Check { return check(*e) })
		case string:
			return knownvalue.StringExact(v)
		case float64:
			if v == math.Trunc(v) {
				return knownvalue.Int64Exact(int64(v))
			}
			return knownvalue.Float64Exact(v)
		case bool:
			return knownvalue.Bool(v)
		}
		return knownvalue.Null()
	}
	return check(v)
}

// invalidArgument is an argument a data source must refuse at plan time: the lines of
// HCL and a pattern of the error.
type invalidArgument struct{ args, expect string }

// testInvalidArguments plans the data source typeName with each set of arguments,
// expects the error, and checks that no request reached the API. Each case has its own
// local API, so the cases run in parallel.
func testInvalidArguments(t *testing.T, typeName string, cases []invalidArgument) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.args, func(t *testing.T) {
			srv := localAPI(t, intelligencetest.Options{Conversations: 5})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(srv) + dataBlock(typeName, tc.args),
					PlanOnly:    true,
					ExpectError: expectError(tc.expect),
				}},
			})
			noRequests(t, srv)
		})
	}
}

// testReadFails reads the data source typeName with args and expects an error that
// matches pattern: the failures that only the API can report, such as not found.
func testReadFails(t *testing.T, srv *intelligencetest.Server, typeName, args, pattern string) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv) + dataBlock(typeName, args),
			ExpectError: expectError(pattern),
		}},
	})
}

// badIDs are the malformed ids every id argument refuses: wrong or missing prefix and
// suffix, path tricks, escapes, unicode, upper case, surrounding space.
func badIDs(prefix string) []string {
	return []string{
		"", prefix, "conv_participant_01k6fc25s7epm9qtk8rszbv3q5", prefix + "81k6fc25s7epm9qtk8rszbv3q5",
		prefix + "01k6fc25s7epm9qtk8rszbv/../x", prefix + "01k6fc25s7epm9qtk8rszb%2Fv2", prefix + "01k6fc25s7epm9qtk8rszbv3é",
		prefix + "01K6FC25S7EPM9QTK8RSZBV3Q5", " " + prefix + "01k6fc25s7epm9qtk8rszbv3q5", prefix + "01k6fc25s7epm9qtk8rszbv3q5x",
	}
}

// idArgumentCases are the invalid values of one id argument.
func idArgumentCases(attr string, r idRule) []invalidArgument {
	var out []invalidArgument
	for _, id := range badIDs(r.prefix()) {
		out = append(out, invalidArgument{fmt.Sprintf("%s = %q", attr, id), fmt.Sprintf(`Attribute %s must be %s id`, attr, article(r.what))})
	}
	return out
}

// pagingCases are the invalid paging arguments every list refuses.
var pagingCases = []invalidArgument{
	{`page_size = 0`, `Attribute page_size .*1000`},
	{`page_size = 1001`, `Attribute page_size .*1000`},
	{`page_size = -1`, `Attribute page_size .*1000`},
	{`max_results = 0`, `Attribute max_results`},
	{`max_results = -5`, `Attribute max_results`},
	{`timeouts = { read = "soon" }`, `"soon"`},
	{`timeouts = { read = "-" }`, `"-"`},
}

// readDataSource runs a data source's Read directly, without Terraform, with client
// and the given arguments (every other attribute null). An int is a number, a string a
// string, and under "timeouts" the read timeout.
func readDataSource(t *testing.T, ds datasource.DataSource, client *intelligence.Client, args map[string]any) *datasource.ReadResponse {
	t.Helper()
	ctx := context.Background()
	if c, ok := ds.(datasource.DataSourceWithConfigure); ok && client != nil {
		var resp datasource.ConfigureResponse
		c.Configure(ctx, datasource.ConfigureRequest{ProviderData: client}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
	}
	var s datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &s)
	typ, _ := s.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range args {
		switch v := v.(type) {
		case tftypes.Value:
			attrs[name] = v
		case int:
			attrs[name] = tftypes.NewValue(tftypes.Number, v)
		case string:
			if name == "timeouts" {
				attrs[name] = tftypes.NewValue(typ.AttributeTypes[name], map[string]tftypes.Value{"read": tftypes.NewValue(tftypes.String, v)})
			} else {
				attrs[name] = tftypes.NewValue(tftypes.String, v)
			}
		default:
			t.Fatalf("argument %s: unexpected %T", name, v)
		}
	}
	config := tftypes.NewValue(typ, attrs)
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s.Schema, Raw: config.Copy()}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: s.Schema, Raw: config}}, resp)
	return resp
}
