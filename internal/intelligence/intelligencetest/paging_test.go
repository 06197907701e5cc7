package intelligencetest

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// lists are the list endpoints of a seeded server with what each must list, in order.
func lists(s *Server) map[string][]string {
	out := map[string][]string{
		conversationsPath:  convIDs(s.Conversations()),
		resultsPath:        ids(s.OperatorResults(), func(r intelligence.OperatorResult) string { return r.ID }),
		operatorsPath:      ids(s.Operators(), func(o intelligence.Operator) string { return o.ID }),
		configurationsPath: ids(s.Configurations(), func(c intelligence.Configuration) string { return c.ID }),
	}
	for _, op := range OperatorIDs {
		out[versionsPath(op)] = ids(s.OperatorVersions(op), func(v intelligence.OperatorVersion) string {
			return strconv.Itoa(int(*v.Version))
		})
	}
	return out
}

func TestPagingWalksEverythingOnce(t *testing.T) {
	s := newServer(t, Options{})
	for path, want := range lists(s) {
		if len(want) == 0 {
			t.Fatalf("%s: nothing to list", path)
		}
		for _, size := range []int{1, 3, len(want) - 1, len(want), 1000} {
			q := vals("pageSize", strconv.Itoa(max(size, 1)))
			var got []string
			for n := 0; ; n++ {
				p := page(t, s, path, q)
				if (n == 0) != (p.Meta.PreviousToken == "") || p.Meta.PageSize != len(p.Items) || p.Meta.Key != "items" {
					t.Errorf("%s page %d: meta %+v with %d items", listURL(path, q), n, p.Meta, len(p.Items))
				}
				got = append(got, p.keys()...)
				if p.Meta.NextToken == "" {
					break
				}
				q.Set("pageToken", p.Meta.NextToken)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s pageSize %d: got %v, want %v", path, size, got, want)
			}
		}
	}
}

func TestPageSize(t *testing.T) {
	s := newServer(t, Options{Conversations: 1200})
	for size, want := range map[string]int{"": 50, "1": 1, "999": 999, "1000": 1000} {
		q := url.Values{}
		if size != "" {
			q.Set("pageSize", size)
		}
		if p := page(t, s, conversationsPath, q); len(p.Items) != want || p.Meta.PageSize != want {
			t.Errorf("pageSize %q: %d items, meta %+v; want %d", size, len(p.Items), p.Meta, want)
		}
	}
	// meta.pageSize is the count returned, so the last page reports what is left.
	q := vals("pageSize", "1000")
	q.Set("pageToken", page(t, s, conversationsPath, q).Meta.NextToken)
	if last := page(t, s, conversationsPath, q); len(last.Items) != 200 || last.Meta.PageSize != 200 || last.Meta.NextToken != "" {
		t.Errorf("last page: %d items, meta %+v", len(last.Items), last.Meta)
	}
}

func TestPreviousToken(t *testing.T) {
	s := newServer(t, Options{})
	q := vals("pageSize", "20", "status", "CLOSED")
	var pages []rawPage
	for range 3 {
		pages = append(pages, page(t, s, conversationsPath, q))
		q.Set("pageToken", pages[len(pages)-1].Meta.NextToken)
	}
	q.Set("pageToken", pages[2].Meta.PreviousToken)
	back := page(t, s, conversationsPath, q)
	if !slices.Equal(back.keys(), pages[1].keys()) {
		t.Errorf("previousToken of page 3 does not give page 2")
	}
	q.Set("pageToken", back.Meta.PreviousToken)
	back = page(t, s, conversationsPath, q)
	if !slices.Equal(back.keys(), pages[0].keys()) || back.Meta.PreviousToken != "" || back.Meta.NextToken == "" {
		t.Errorf("previousToken of page 2 does not give page 1: meta %+v", back.Meta)
	}
}

func TestTokenNeedsEscaping(t *testing.T) {
	s := newServer(t, Options{})
	q := vals("pageSize", "3")
	for range 10 {
		tok := page(t, s, resultsPath, q).Meta.NextToken
		for _, c := range []string{"+", "/", "=", "&", "?"} {
			if !strings.Contains(tok, c) {
				t.Fatalf("token %q has no %q", tok, c)
			}
		}
		q.Set("pageToken", tok)
	}
	// A client that pastes the token into the URL unescaped gets a 400, not a wrong page,
	// and so does one that escapes only the &.
	tok := page(t, s, conversationsPath, vals("pageSize", "3")).Meta.NextToken
	apiErr(t, get(t, s, "/v3/Conversations?pageSize=3&pageToken="+tok), http.StatusBadRequest)
	apiErr(t, get(t, s, "/v3/Conversations?pageSize=3&pageToken="+strings.ReplaceAll(tok, "&", "%26")), http.StatusBadRequest)
}

func TestTokenBinding(t *testing.T) {
	s := newServer(t, Options{Conversations: 2000})
	after := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	base := vals("pageSize", "10", "channels", "VOICE", "channels", "SMS", "status", "CLOSED",
		"createdAtAfter", after.Format(time.RFC3339), "operatorIds", OperatorIDs[0], "operatorIds", OperatorIDs[1])
	tok := page(t, s, conversationsPath, base).Meta.NextToken
	resultTok := page(t, s, resultsPath, vals("pageSize", "2", "operatorId", OperatorIDs[0])).Meta.NextToken
	versionTok := page(t, s, versionsPath(OperatorIDs[3]), vals("pageSize", "1")).Meta.NextToken
	if tok == "" || resultTok == "" || versionTok == "" {
		t.Fatal("a base query has a single page; the test needs two")
	}
	with := func(edit func(q url.Values)) url.Values {
		q := clone[url.Values](base)
		q.Set("pageToken", tok)
		edit(q)
		return q
	}
	for name, q := range map[string]url.Values{
		"same parameters":               with(func(url.Values) {}),
		"array values in another order": with(func(q url.Values) { q["channels"] = []string{"SMS", "VOICE"} }),
		"array value repeated":          with(func(q url.Values) { q["operatorIds"] = []string{OperatorIDs[1], OperatorIDs[0], OperatorIDs[1]} }),
		"same instant in another zone": with(func(q url.Values) {
			q.Set("createdAtAfter", after.In(time.FixedZone("", 3600)).Format(time.RFC3339))
		}),
	} {
		if res := get(t, s, listURL(conversationsPath, q)); res.status != 200 {
			t.Errorf("%s: status %d: %s", name, res.status, res.body)
		}
	}

	bad := []struct {
		name, path string
		q          url.Values
	}{
		{"filters dropped (twilio-go's bug)", conversationsPath, vals("pageSize", "10", "pageToken", tok)},
		{"pageSize dropped", conversationsPath, with(func(q url.Values) { q.Del("pageSize") })},
		{"pageSize changed", conversationsPath, with(func(q url.Values) { q.Set("pageSize", "11") })},
		{"status changed", conversationsPath, with(func(q url.Values) { q.Set("status", "ACTIVE") })},
		{"channel removed", conversationsPath, with(func(q url.Values) { q["channels"] = []string{"VOICE"} })},
		{"window moved a second", conversationsPath, with(func(q url.Values) { q.Set("createdAtAfter", after.Add(time.Second).Format(time.RFC3339)) })},
		{"filter added", conversationsPath, with(func(q url.Values) { q.Set("channelId", "CA1") })},
		{"operator result filter changed", resultsPath, vals("pageSize", "2", "operatorId", OperatorIDs[1], "pageToken", resultTok)},
		{"another endpoint", operatorsPath, vals("pageSize", "2", "pageToken", resultTok)},
		{"another operator's versions", versionsPath(OperatorIDs[2]), vals("pageSize", "1", "pageToken", versionTok)},
		{"garbled: one character changed", conversationsPath, with(func(q url.Values) { q.Set("pageToken", "B"+tok[1:]) })},
		{"garbled: suffix missing", conversationsPath, with(func(q url.Values) { q.Set("pageToken", strings.TrimSuffix(tok, tokenSuffix)) })},
		{"garbled: not base64", conversationsPath, with(func(q url.Values) { q.Set("pageToken", "***"+tokenSuffix) })},
		{"unknown anchor", conversationsPath, with(func(q url.Values) {
			q.Set("pageToken", encodeToken(bindOf(t, tok), cursor{anchor: "conv_conversation_7zzzzzzzzzzzzzzzzzzzzzzzzz"}))
		})},
		{"the spec example's token", conversationsPath, with(func(q url.Values) { q.Set("pageToken", "next_page_token_example") })},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if e := apiErr(t, get(t, s, listURL(tt.path, tt.q)), http.StatusBadRequest); e.Params["parameter"] != "pageToken" {
				t.Errorf("params %v", e.Params)
			}
		})
	}
}

// TestAddBetweenPages: tokens are cursors, so a conversation added while a client pages
// neither duplicates nor hides the ones it has not read yet.
func TestAddBetweenPages(t *testing.T) {
	s := craftedServer(t)
	q := vals("pageSize", "2")
	p1 := page(t, s, conversationsPath, q)                                                        // A, B
	s.Add(crafted(cid(10), t0.Add(time.Hour), "CLOSED", []string{"VOICE"}, nil, nil, cc0))        // before the cursor
	s.Add(crafted(cid(11), t0.Add(-150*time.Minute), "CLOSED", []string{"VOICE"}, nil, nil, cc0)) // after it: must appear
	q.Set("pageToken", p1.Meta.NextToken)
	got := append(p1.keys(), listKeys(t, s, conversationsPath, q)...)
	if want := []string{idA, idB, idD, idC, cid(11), idE, idF}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// bindOf returns the query digest a token was issued for.
func bindOf(t *testing.T, tok string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(tok, tokenSuffix))
	if err != nil {
		t.Fatal(err)
	}
	bind, _, _ := strings.Cut(string(raw), "\n")
	return bind
}
