package intelligencetest

import (
	"cmp"
	"encoding/base64"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// served is what a server serves: each list's keys in order, and what each fetch returns.
func served(s *Server) (lists map[string][]string, fetched map[string]any) {
	lists, fetched = map[string][]string{}, map[string]any{}
	add := func(list, key string, v any) { lists[list], fetched[list+"/"+key] = append(lists[list], key), v }
	for _, c := range s.Conversations() {
		add(convsPath, c.ID, c)
	}
	for _, r := range s.OperatorResults() {
		add(resultsPath, r.ID, r)
	}
	for _, c := range s.Configurations() {
		add(configsPath, c.ID, c)
	}
	for _, op := range s.Operators() {
		add(opsPath, op.ID, op)
		for _, v := range s.OperatorVersions(op.ID) {
			at := op
			at.Version, at.Status, at.DateCreated = v.Version, v.Status, v.DateCreated
			add(versionsPath(op.ID), strconv.Itoa(int(*v.Version)), at)
		}
	}
	return lists, fetched
}

// TestListsAndFetches: every list serves everything once, in order, whatever the page
// size (50 without one), meta.pageSize counting the page's items; every item is fetched as
// the accessors return it; and all of it conforms to the spec, its own examples included.
func TestListsAndFetches(t *testing.T) {
	s := newServer(t, Options{})
	s.Add(SpecExample()) // the operator result's example lacks the metadata its schema requires
	s.AddOperator(SpecExampleOperator())
	s.AddConfiguration(SpecExampleConfiguration())
	spec := specChecker{t, s, specRouter(t, s)}
	lists, fetched := served(s)
	for path, want := range lists {
		for _, size := range []int{1, 3, max(len(want)-1, 1), 1000, 0} {
			q, got := url.Values{}, []string{}
			if size > 0 {
				q.Set("pageSize", strconv.Itoa(size))
			}
			for n := 0; ; n++ {
				var p rawPage
				res, _ := spec.do(http.MethodGet, withQuery(path, q), apiKey)
				if decodeStrict(t, res.body, &p); p.Meta.PageSize != len(p.Items) || p.Meta.Key != "items" || len(p.Items) > cmp.Or(size, 50) ||
					p.Meta.NextToken != "" && len(p.Items) < cmp.Or(size, 50) {
					t.Fatalf("%s page %d: meta %+v with %d items", withQuery(path, q), n, p.Meta, len(p.Items))
				}
				if got = append(got, p.keys()...); p.Meta.NextToken == "" {
					break
				}
				q.Set("pageToken", p.Meta.NextToken)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s pageSize %d: got %v, want %v", path, size, got, want)
			}
		}
		for _, id := range want {
			res, _ := spec.do(http.MethodGet, path+"/"+id, apiKey)
			got := reflect.New(reflect.TypeOf(fetched[path+"/"+id]))
			if decodeStrict(t, res.body, got.Interface()); !reflect.DeepEqual(got.Elem().Interface(), fetched[path+"/"+id]) {
				t.Fatalf("%s/%s differs from the accessor:\n got %+v\nwant %+v", path, id, got.Elem(), fetched[path+"/"+id])
			}
		}
	}
}

func TestTokens(t *testing.T) {
	s := newServer(t, Options{Conversations: 2000})
	// Every token holds + / = & ?, so that a client which does not escape it fails at once.
	tok := token(t, s, convsPath, vals("pageSize", "3"))
	for _, c := range "+/=&?" {
		if !strings.ContainsRune(tok, c) {
			t.Fatalf("token %q has no %c", tok, c)
		}
	}
	apiErr(t, get(t, s, convsPath+"?pageSize=3&pageToken="+tok), http.StatusBadRequest)
	apiErr(t, get(t, s, convsPath+"?pageSize=3&pageToken="+strings.ReplaceAll(tok, "&", "%26")), http.StatusBadRequest)

	// A token is bound to what its query selects, however it is spelled.
	after := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	base := vals("pageSize", "10", "channels", "VOICE", "channels", "SMS", "status", "CLOSED",
		"createdAtAfter", after.Format(time.RFC3339), "operatorIds", op0, "operatorIds", op1)
	tok = token(t, s, convsPath, base)
	resultTok, versionTok := token(t, s, resultsPath, vals("pageSize", "2", "operatorId", op0)), token(t, s, versionsPath(op3), vals("pageSize", "1"))
	with := func(edit func(q url.Values)) url.Values {
		q := clone[url.Values](base)
		q.Set("pageToken", tok)
		edit(q)
		return q
	}
	for _, q := range []url.Values{
		with(func(url.Values) {}),
		with(func(q url.Values) { q["channels"] = []string{"SMS", "VOICE"} }),
		with(func(q url.Values) { q["operatorIds"] = []string{op1, op0, op1} }),
		with(func(q url.Values) { q.Set("createdAtAfter", after.In(time.FixedZone("", 3600)).Format(time.RFC3339)) }),
	} {
		if res := get(t, s, withQuery(convsPath, q)); res.status != 200 {
			t.Errorf("%s: status %d: %s", q.Encode(), res.status, res.body)
		}
	}
	raw, _ := base64.StdEncoding.DecodeString(strings.TrimSuffix(tok, tokenSuffix))
	bind, _, _ := strings.Cut(string(raw), "\n")
	for name, tt := range map[string]struct {
		path string
		q    url.Values
	}{
		"filters dropped (twilio-go's bug)": {convsPath, vals("pageSize", "10", "pageToken", tok)},
		"pageSize dropped":                  {convsPath, with(func(q url.Values) { q.Del("pageSize") })},
		"pageSize changed":                  {convsPath, with(func(q url.Values) { q.Set("pageSize", "11") })},
		"status changed":                    {convsPath, with(func(q url.Values) { q.Set("status", "ACTIVE") })},
		"channel removed":                   {convsPath, with(func(q url.Values) { q["channels"] = []string{"VOICE"} })},
		"window moved":                      {convsPath, with(func(q url.Values) { q.Set("createdAtAfter", after.Add(time.Nanosecond).Format(time.RFC3339Nano)) })},
		"filter added":                      {convsPath, with(func(q url.Values) { q.Set("channelId", "CA1") })},
		"result filter changed":             {resultsPath, vals("pageSize", "2", "operatorId", op1, "pageToken", resultTok)},
		"another endpoint":                  {opsPath, vals("pageSize", "2", "pageToken", resultTok)},
		"another operator's versions":       {versionsPath(op0), vals("pageSize", "1", "pageToken", versionTok)},
		"a character changed":               {convsPath, with(func(q url.Values) { q.Set("pageToken", "B"+tok[1:]) })},
		"suffix missing":                    {convsPath, with(func(q url.Values) { q.Set("pageToken", strings.TrimSuffix(tok, tokenSuffix)) })},
		"not base64":                        {convsPath, with(func(q url.Values) { q.Set("pageToken", "***"+tokenSuffix) })},
		"unknown anchor": {convsPath, with(func(q url.Values) {
			q.Set("pageToken", (&pager[conversation]{bind: bind}).encode(unknownConv, 0))
		})},
	} {
		if e := apiErr(t, get(t, s, withQuery(tt.path, tt.q)), 400); e.Params["parameter"] != "pageToken" {
			t.Errorf("%s: params %v", name, e.Params)
		}
	}
}

// TestAddBetweenPages: a conversation added while a client pages is neither repeated
// nor hides one it has not read yet.
func TestAddBetweenPages(t *testing.T) {
	s := newServer(t, Options{Conversations: 30})
	lists, _ := served(s)
	q := vals("pageSize", "10")
	first, next, _ := walk(t.Context(), s, convsPath, q, 1)
	newest, _ := time.Parse(time.RFC3339, s.Conversations()[0].CreatedAt)
	s.Add(conv(cid(1), newest.Add(time.Hour)))        // before the cursor: not seen
	s.Add(conv(cid(2), newest.Add(-time.Hour*24*60))) // after it: seen in its place
	q.Set("pageToken", next)
	got := append(first[0], listKeys(t, s, convsPath, q)...)
	now, _ := served(s)
	want := slices.DeleteFunc(now[convsPath], func(id string) bool { return id == cid(1) })
	if !slices.Equal(got, want) || len(want) != len(lists[convsPath])+1 {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestConcurrentUse pages windows in parallel, as the client does, while data is added,
// faults queued and the log read. Run with -race: the pages must be a sequential walk's.
func TestConcurrentUse(t *testing.T) {
	s := newServer(t, Options{Conversations: 1000})
	var wg sync.WaitGroup
	for w := range 3 {
		before := time.Date(2026, 11, 1, 0, 0, 1, 0, time.UTC).Add(-time.Duration(w) * intelligence.MaxWindow)
		q := vals("createdAtAfter", before.Add(-intelligence.MaxWindow).Format(time.RFC3339), "createdAtBefore", before.Format(time.RFC3339), "pageSize", "40")
		want := listKeys(t, s, convsPath, q)
		for range 2 {
			wg.Go(func() {
				if got, _, err := walk(t.Context(), s, convsPath, q, 1000); err != nil || !slices.Equal(slices.Concat(got...), want) {
					t.Errorf("%s: %d pages, want %d ids: %v", q.Encode(), len(got), len(want), err)
				}
			})
		}
	}
	wg.Go(func() {
		for n := range 50 {
			s.Add(conv(cid(n), time.Date(2020, 1, 1, 0, 0, n, 0, time.UTC))) // outside every window
			s.Inject(Fault{Kind: FaultSlow, Delay: time.Millisecond})
			_, _, _ = s.Requests(), s.RequestCount(), s.OperatorResults()
		}
	})
	wg.Wait()
}
