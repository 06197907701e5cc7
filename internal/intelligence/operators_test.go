package intelligence_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	it "github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// The operator results, Language Operators, operator versions and Intelligence
// Configurations endpoints all go through the one paging engine and the one fetch; these
// tests show each endpoint wires its path, query and item type into them correctly.

// listed is what a test needs of any ListResult: the items' keys, in order.
type listed struct {
	keys      []string
	pages     int
	truncated bool
}

func keysOf[T any](items []T, key func(*T) string) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = key(&items[i])
	}
	return out
}

func collected[T any](res *intelligence.ListResult[T], err error, key func(*T) string) (listed, error) {
	if err != nil {
		return listed{}, err
	}
	if res.Items == nil {
		return listed{}, errors.New("the items are nil, want an empty slice at least")
	}
	return listed{keys: keysOf(res.Items, key), pages: res.Pages, truncated: res.Truncated}, nil
}

func resultKey(r *intelligence.OperatorResult) string { return r.ID }
func operatorKey(o *intelligence.Operator) string     { return o.ID }
func configKey(c *intelligence.Configuration) string  { return c.ID }
func versionKey(v *intelligence.OperatorVersion) string {
	return strconv.FormatInt(int64(*v.Version), 10)
}

// endpoint is one list endpoint: how to call it, where its requests go, the filters
// every page must carry, and the local API's own answer as the oracle.
type endpoint struct {
	name   string
	path   string
	filter url.Values // the query parameters other than paging
	list   func(*intelligence.Client, intelligence.ListOptions) (listed, error)
	want   func(*it.Server) []string
}

// listEndpoints are every new list endpoint, operator results with and without filters.
func listEndpoints(srv *it.Server) []endpoint {
	results := srv.OperatorResults()
	perConversation := map[string]int{}
	busiest := ""
	for _, r := range results {
		if perConversation[*r.ConversationID]++; perConversation[*r.ConversationID] > perConversation[busiest] {
			busiest = *r.ConversationID
		}
	}
	cfgID, opID := *results[0].IntelligenceConfiguration.ID, *results[0].Operator.ID

	return []endpoint{
		{"operator results", "/v3/OperatorResults", url.Values{}, listResults(intelligence.OperatorResultFilter{}), resultsWhere(nil)},
		{"operator results of a conversation", "/v3/OperatorResults", url.Values{"conversationId": {busiest}},
			listResults(intelligence.OperatorResultFilter{ConversationID: busiest}), resultsWhere(&intelligence.OperatorResultFilter{ConversationID: busiest})},
		{"operator results of a configuration and an operator", "/v3/OperatorResults",
			url.Values{"intelligenceConfigurationId": {cfgID}, "operatorId": {opID}},
			listResults(intelligence.OperatorResultFilter{IntelligenceConfigurationID: cfgID, OperatorID: opID}),
			resultsWhere(&intelligence.OperatorResultFilter{IntelligenceConfigurationID: cfgID, OperatorID: opID})},
		{"operators", "/v3/ControlPlane/Operators", url.Values{},
			func(c *intelligence.Client, opts intelligence.ListOptions) (listed, error) {
				res, err := c.ListOperators(context.Background(), opts)
				return collected(res, err, operatorKey)
			},
			func(s *it.Server) []string { return keysOf(s.Operators(), operatorKey) }},
		{"operator versions", "/v3/ControlPlane/Operators/" + it.OperatorIDs[3] + "/Versions", url.Values{},
			func(c *intelligence.Client, opts intelligence.ListOptions) (listed, error) {
				res, err := c.ListOperatorVersions(context.Background(), it.OperatorIDs[3], opts)
				return collected(res, err, versionKey)
			},
			func(s *it.Server) []string { return keysOf(s.OperatorVersions(it.OperatorIDs[3]), versionKey) }},
		{"configurations", "/v3/ControlPlane/Configurations", url.Values{},
			func(c *intelligence.Client, opts intelligence.ListOptions) (listed, error) {
				res, err := c.ListConfigurations(context.Background(), opts)
				return collected(res, err, configKey)
			},
			func(s *it.Server) []string { return keysOf(s.Configurations(), configKey) }},
	}
}

func listResults(f intelligence.OperatorResultFilter) func(*intelligence.Client, intelligence.ListOptions) (listed, error) {
	return func(c *intelligence.Client, opts intelligence.ListOptions) (listed, error) {
		res, err := c.ListOperatorResults(context.Background(), f, opts)
		return collected(res, err, resultKey)
	}
}

// resultsWhere is the oracle of a filter (nil: none): the local API's results that
// match every filter set, as the spec describes them.
func resultsWhere(f *intelligence.OperatorResultFilter) func(*it.Server) []string {
	is := func(want string, have *string) bool { return want == "" || have != nil && *have == want }
	return func(s *it.Server) []string {
		out := []string{}
		for _, r := range s.OperatorResults() {
			if f == nil || is(f.ConversationID, r.ConversationID) &&
				(f.IntelligenceConfigurationID == "" || r.IntelligenceConfiguration != nil && is(f.IntelligenceConfigurationID, r.IntelligenceConfiguration.ID)) &&
				(f.OperatorID == "" || r.Operator != nil && is(f.OperatorID, r.Operator.ID)) {
				out = append(out, r.ID)
			}
		}
		return out
	}
}

// Every list reads every page with the same query, in as many requests as pages, and
// stops at MaxResults.
func TestNewListsReadEveryPageWithTheSameQuery(t *testing.T) {
	srv := newServer(t, 60)
	for _, ep := range listEndpoints(srv) {
		t.Run(ep.name, func(t *testing.T) {
			want := ep.want(srv)
			if len(want) < 3 {
				t.Fatalf("the oracle has %d items; the test needs several pages", len(want))
			}
			size := max(1, len(want)/3) // three or four pages
			for _, tc := range []struct {
				name            string
				opts            intelligence.ListOptions
				count, requests int
				truncated       bool
				pageSize        string
			}{
				{"all pages", intelligence.ListOptions{PageSize: size}, len(want), (len(want) + size - 1) / size, false, strconv.Itoa(size)},
				{"one request by default", intelligence.ListOptions{}, len(want), 1, false, strconv.Itoa(intelligence.MaxPageSize)},
				{"a cap lowers the page size", intelligence.ListOptions{MaxResults: 2}, 2, 1, true, "2"},
				{"a cap across pages", intelligence.ListOptions{PageSize: size, MaxResults: size + 1}, size + 1, 2, true, strconv.Itoa(size)},
				{"a cap equal to the total", intelligence.ListOptions{MaxResults: len(want)}, len(want), 1, false, strconv.Itoa(len(want))},
			} {
				t.Run(tc.name, func(t *testing.T) {
					srv.ResetRequests()
					got, err := ep.list(newClient(t, srv.URL()), tc.opts)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got.keys, want[:tc.count]) {
						t.Errorf("got %d items %v, want the first %d of the oracle in API order", len(got.keys), got.keys, tc.count)
					}
					if got.truncated != tc.truncated {
						t.Errorf("truncated = %v, want %v", got.truncated, tc.truncated)
					}
					reqs := srv.Requests()
					if len(reqs) != tc.requests || got.pages != tc.requests {
						t.Errorf("%d requests, %d pages; want %d", len(reqs), got.pages, tc.requests)
					}
					wantQuery := mergeQuery(ep.filter, "pageSize", tc.pageSize)
					for i, r := range reqs {
						q := r.Query
						if i > 0 && q.Get("pageToken") == "" {
							t.Errorf("page %d has no pageToken", i+1)
						}
						q.Del("pageToken")
						if r.Path != ep.path || q.Encode() != wantQuery.Encode() || r.Status != http.StatusOK {
							t.Errorf("page %d: %s?%s (status %d), want %s?%s", i+1, r.Path, q.Encode(), r.Status, ep.path, wantQuery.Encode())
						}
					}
				})
			}
		})
	}
}

// Each operator result filter narrows the list, and together they AND.
func TestOperatorResultFilters(t *testing.T) {
	srv := newServer(t, 60)
	c := newClient(t, srv.URL())
	all := srv.OperatorResults()
	some := all[len(all)/2]
	conv, cfg, op := *some.ConversationID, *some.IntelligenceConfiguration.ID, *some.Operator.ID
	for _, f := range []intelligence.OperatorResultFilter{
		{ConversationID: conv}, {IntelligenceConfigurationID: cfg}, {OperatorID: op},
		{ConversationID: conv, IntelligenceConfigurationID: cfg, OperatorID: op},
		{ConversationID: "conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz"}, // none: an empty list, not an error
	} {
		srv.ResetRequests()
		want := resultsWhere(&f)(srv)
		if len(want) == len(all) {
			t.Errorf("%+v: the oracle keeps all %d results: the filter discriminates nothing", f, len(all))
		}
		got, err := listResults(f)(c, intelligence.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.keys, want) {
			t.Errorf("%+v: got %v, want %v", f, got.keys, want)
		}
		if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Query.Encode() != mergeQuery(f.Values(), "pageSize", "1000").Encode() {
			t.Errorf("%+v: requests %v, want one with exactly the filters set", f, reqs)
		}
	}
}

func mergeQuery(q url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func TestNewListsOfAnEmptyAccount(t *testing.T) {
	srv := newServer(t, -1)
	c := newClient(t, srv.URL())
	for _, ep := range listEndpoints(newServer(t, 5)) {
		if ep.name == "operator versions" {
			continue // an operator has at least one version; an unknown one is a 404 (below)
		}
		srv.ResetRequests()
		got, err := ep.list(c, intelligence.ListOptions{})
		if err != nil || len(got.keys) != 0 || got.pages != 1 || got.truncated {
			t.Errorf("%s: %+v, %v; want no items after one page", ep.name, got, err)
		}
		if n := srv.RequestCount(); n != 1 {
			t.Errorf("%s: %d requests, want 1", ep.name, n)
		}
	}
}

func TestListOperatorVersionsOfAnUnknownOperator(t *testing.T) {
	srv := newServer(t, 5)
	_, err := newClient(t, srv.URL()).ListOperatorVersions(context.Background(), "intelligence_operator_7zzzzzzzzzzzzzzzzzzzzzzzzz", intelligence.ListOptions{})
	var apiErr *intelligence.APIError
	if !errors.Is(err, intelligence.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.DocsURL() == "" {
		t.Errorf("err = %v, want a 404 APIError with a docs URL", err)
	}
	if n := srv.RequestCount(); n != 1 {
		t.Errorf("%d requests for a 404, want 1", n)
	}
}

// Every fetch returns exactly the item the API holds.
func TestNewGetsReturnTheAPIsItem(t *testing.T) {
	srv := newServer(t, 30)
	c := newClient(t, srv.URL())
	ctx := context.Background()
	check := func(what string, got, want any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
		}
	}
	formats := map[string]bool{}
	for _, want := range srv.OperatorResults() {
		got, err := c.GetOperatorResult(ctx, want.ID)
		check("operator result "+want.ID, got, &want, err)
		formats[*want.OutputFormat] = true
	}
	if len(formats) != len(intelligence.OutputFormats) {
		t.Errorf("the results cover the formats %v, want all of %v", formats, intelligence.OutputFormats)
	}
	for _, want := range srv.Operators() {
		got, err := c.GetOperator(ctx, want.ID)
		check("operator "+want.ID, got, &want, err)
		if got.Status != nil || got.DateCreated != nil {
			t.Errorf("operator %s read at its current version has a status or dateCreated", want.ID)
		}
		for _, v := range srv.OperatorVersions(want.ID) {
			atVersion := want
			atVersion.Version, atVersion.Status, atVersion.DateCreated = v.Version, v.Status, v.DateCreated
			got, err := c.GetOperatorVersion(ctx, want.ID, int64(*v.Version))
			check("operator "+want.ID+" version "+versionKey(&v), got, &atVersion, err)
		}
	}
	for _, want := range srv.Configurations() {
		got, err := c.GetConfiguration(ctx, want.ID)
		check("configuration "+want.ID, got, &want, err)
	}
}

func TestNewGetsOfUnknownIDsAreNotFound(t *testing.T) {
	srv := newServer(t, 5)
	c := newClient(t, srv.URL())
	ctx := context.Background()
	known := srv.Operators()[0]
	for name, get := range map[string]func() error{
		"operator result": func() error {
			_, err := c.GetOperatorResult(ctx, "intelligence_operatorresult_7zzzzzzzzzzzzzzzzzzzzzzzzz")
			return err
		},
		"operator": func() error {
			_, err := c.GetOperator(ctx, "intelligence_operator_7zzzzzzzzzzzzzzzzzzzzzzzzz")
			return err
		},
		"version of an unknown operator": func() error {
			_, err := c.GetOperatorVersion(ctx, "intelligence_operator_7zzzzzzzzzzzzzzzzzzzzzzzzz", 1)
			return err
		},
		"unknown version of an operator": func() error {
			_, err := c.GetOperatorVersion(ctx, known.ID, int64(*known.Version)+1)
			return err
		},
		"configuration": func() error {
			_, err := c.GetConfiguration(ctx, "intelligence_configuration_7zzzzzzzzzzzzzzzzzzzzzzzzz")
			return err
		},
	} {
		srv.ResetRequests()
		var apiErr *intelligence.APIError
		if err := get(); !errors.Is(err, intelligence.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Code == 0 {
			t.Errorf("%s: err = %v, want a 404 APIError with the v1 body", name, err)
		}
		if n := srv.RequestCount(); n != 1 {
			t.Errorf("%s: %d requests for a 404, want 1 (no retries)", name, n)
		}
	}
}

// A malformed id, as an argument or a filter, is an IDError before any request: it can
// never become another path.
func TestNewEndpointsRejectBadIDsBeforeAnyRequest(t *testing.T) {
	srv := newServer(t, 5)
	c := newClient(t, srv.URL())
	ctx := context.Background()
	bad := func(prefix string) []string {
		return []string{"", prefix, prefix + "01k6fc25s7epm9qtk8rszbv/../x", prefix + "01k6fc25s7epm9qtk8rszb%2Fv2",
			prefix + "01k6fc25s7epm9qtk8rszbv3é", prefix + "01K6FC25S7EPM9QTK8RSZBV3Q5", prefix + "81k6fc25s7epm9qtk8rszbv3q5",
			"conv_conversation_01k6fc25s7epm9qtk8rszbv3q5"}
	}
	for _, tc := range []struct {
		kind, prefix string
		call         func(id string) error
	}{
		{"operator result", "intelligence_operatorresult_", func(id string) error {
			_, err := c.GetOperatorResult(ctx, id)
			return err
		}},
		{"operator", "intelligence_operator_", func(id string) error {
			_, err := c.GetOperator(ctx, id)
			return err
		}},
		{"operator", "intelligence_operator_", func(id string) error {
			_, err := c.GetOperatorVersion(ctx, id, 1)
			return err
		}},
		{"operator", "intelligence_operator_", func(id string) error {
			_, err := c.ListOperatorVersions(ctx, id, intelligence.ListOptions{})
			return err
		}},
		{"intelligence configuration", "intelligence_configuration_", func(id string) error {
			_, err := c.GetConfiguration(ctx, id)
			return err
		}},
		{"operator", "intelligence_operator_", func(id string) error {
			_, err := c.ListOperatorResults(ctx, intelligence.OperatorResultFilter{OperatorID: id + "x"}, intelligence.ListOptions{})
			return err
		}},
		{"intelligence configuration", "intelligence_configuration_", func(id string) error {
			_, err := c.ListOperatorResults(ctx, intelligence.OperatorResultFilter{IntelligenceConfigurationID: id + "x"}, intelligence.ListOptions{})
			return err
		}},
		{"conversation", "conv_conversation_", func(id string) error {
			_, err := c.ListOperatorResults(ctx, intelligence.OperatorResultFilter{ConversationID: id + "x"}, intelligence.ListOptions{})
			return err
		}},
	} {
		for _, id := range bad(tc.prefix) {
			var idErr *intelligence.IDError
			if err := tc.call(id); !errors.As(err, &idErr) || idErr.Kind != tc.kind {
				t.Errorf("%s %q: err = %v, want an IDError about a %s id", tc.kind, id, err, tc.kind)
			}
		}
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("%d requests sent for invalid ids", n)
	}
}

// The client's fault handling is the engine's, whatever the endpoint (faults_test.go has
// the whole matrix on conversations).
func TestNewEndpointsShareTheFaultHandling(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		fault it.Fault
		call  func(*intelligence.Client, *it.Server) error
		check func(error) bool
	}{
		{"operators: 429 on a later page, retried", it.Fault{Kind: it.FaultRateLimit, RetryAfter: "0", After: 1, Endpoint: it.ListEndpoint},
			func(c *intelligence.Client, s *it.Server) error {
				res, err := c.ListOperators(ctx, intelligence.ListOptions{PageSize: 1})
				if err == nil && !slices.Equal(keysOf(res.Items, operatorKey), keysOf(s.Operators(), operatorKey)) {
					err = errors.New("recovered with the wrong operators")
				}
				return err
			}, func(err error) bool { return err == nil }},
		{"operator results: duplicates across pages dropped", it.Fault{Kind: it.FaultDuplicateItems, After: 1, Endpoint: it.ListEndpoint},
			func(c *intelligence.Client, s *it.Server) error {
				res, err := c.ListOperatorResults(ctx, intelligence.OperatorResultFilter{}, intelligence.ListOptions{PageSize: 4})
				if err == nil && !slices.Equal(keysOf(res.Items, resultKey), keysOf(s.OperatorResults(), resultKey)) {
					err = errors.New("recovered with the wrong results")
				}
				return err
			}, func(err error) bool { return err == nil }},
		{"operator version: 503, retried", it.Fault{Kind: it.FaultStatus, Status: 503, Endpoint: it.GetEndpoint},
			func(c *intelligence.Client, s *it.Server) error {
				op, err := c.GetOperatorVersion(ctx, it.OperatorIDs[0], 1)
				if err == nil && (op.ID != it.OperatorIDs[0] || op.Version == nil || *op.Version != 1) {
					err = fmt.Errorf("recovered with the wrong operator: %s at %v", op.ID, op.Version)
				}
				return err
			}, func(err error) bool { return err == nil }},
		{"configuration: malformed JSON", it.Fault{Kind: it.FaultMalformedJSON, Endpoint: it.GetEndpoint},
			func(c *intelligence.Client, s *it.Server) error {
				_, err := c.GetConfiguration(ctx, it.IntelligenceConfigurationIDs[0])
				return err
			}, func(err error) bool {
				var decodeErr *intelligence.DecodeError
				return errors.As(err, &decodeErr)
			}},
		{"operator versions: a repeated token", it.Fault{Kind: it.FaultRepeatToken, After: 1, Endpoint: it.ListEndpoint},
			func(c *intelligence.Client, s *it.Server) error {
				_, err := c.ListOperatorVersions(ctx, it.OperatorIDs[3], intelligence.ListOptions{PageSize: 1})
				return err
			}, func(err error) bool { return errors.Is(err, intelligence.ErrPagingLoop) }},
		{"configurations: 403 on a later page", it.Fault{Kind: it.FaultErrorBody, Status: 403, After: 1, Endpoint: it.ListEndpoint},
			func(c *intelligence.Client, s *it.Server) error {
				res, err := c.ListConfigurations(ctx, intelligence.ListOptions{PageSize: 1})
				if res != nil {
					err = errors.New("a partial result")
				}
				return err
			}, func(err error) bool {
				var apiErr *intelligence.APIError
				return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden && apiErr.Attempts == 1
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, 20)
			srv.Inject(tc.fault)
			if err := tc.call(faultClient(t, srv), srv); !tc.check(err) {
				t.Errorf("err = %v", err)
			}
			if tc.fault.Kind == it.FaultRateLimit || tc.fault.Kind == it.FaultStatus {
				reqs := srv.Requests()
				if i := slices.IndexFunc(reqs, func(r it.Request) bool { return r.Status >= 400 }); i < 0 || i == len(reqs)-1 {
					t.Errorf("statuses %v: the fault did not fire, or was not retried", reqs)
				}
			}
		})
	}
}
