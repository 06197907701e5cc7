package intelligencetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// TestSeededDataHangsTogether: every id a seeded item names exists, with what it says.
func TestSeededDataHangsTogether(t *testing.T) {
	s := newServer(t, Options{})
	ops := map[string]intelligence.Operator{}
	authors, statuses := map[string]bool{}, map[string]bool{}
	for _, op := range s.Operators() {
		ops[op.ID] = op
		authors[*op.Author] = true
		if (*op.Author == "TWILIO") != (op.Prompt == nil && op.TrainingExamples == nil) {
			t.Errorf("%s: author %s with prompt %v", op.ID, *op.Author, op.Prompt)
		}
		versions := s.OperatorVersions(op.ID)
		if len(versions) < 2 || *versions[0].Version != *op.Version {
			t.Errorf("%s: version %d, versions %+v: want several, the operator at the newest", op.ID, *op.Version, versions)
		}
		for _, v := range versions {
			statuses[*v.Status] = true
			deprecated, retired := *v.Status == "DEPRECATED", *v.Status == "RETIRED"
			if (v.DateDeprecated != nil) != (deprecated || retired) || (v.RetirementDate != nil) != deprecated || (v.DateRetired != nil) != retired {
				t.Errorf("%s v%d: %s with dates %+v", op.ID, v.Version, *v.Status, v)
			}
		}
	}
	if len(ops) != len(OperatorIDs) || len(authors) != 2 || len(statuses) != len(intelligence.VersionStatuses) {
		t.Errorf("%d operators, authors %v, statuses %v", len(ops), authors, statuses)
	}
	names := map[string]bool{}
	for _, op := range ops {
		names[*op.DisplayName] = true
	}
	if len(names) != len(ops) {
		t.Errorf("seeded display names are not distinct: %v", names)
	}

	configs := map[string]intelligence.Configuration{}
	for _, c := range s.Configurations() {
		configs[c.ID] = c
		if len(c.Rules) < 1 || len(c.Rules) > 3 {
			t.Errorf("%s: %d rules", c.ID, len(c.Rules))
		}
		for _, r := range c.Rules {
			for _, ro := range r.Operators {
				if !slices.ContainsFunc(s.OperatorVersions(*ro.ID), func(v intelligence.OperatorVersion) bool {
					return *v.Version == *ro.Version && *v.Status != "RETIRED"
				}) {
					t.Errorf("%s: rule runs %s at v%d, which does not exist or is retired", c.ID, *ro.ID, *ro.Version)
				}
			}
		}
	}
	if len(configs) != len(IntelligenceConfigurationIDs) {
		t.Errorf("%d configurations", len(configs))
	}

	results := map[string]intelligence.OperatorResult{}
	formats := map[string]int{}
	for _, r := range s.OperatorResults() {
		results[r.ID] = r
		formats[*r.OutputFormat]++
		if *r.OutputFormat != *ops[*r.Operator.ID].OutputFormat {
			t.Errorf("%s: format %s from a %s operator", r.ID, *r.OutputFormat, *ops[*r.Operator.ID].OutputFormat)
		}
		rules := configs[*r.IntelligenceConfiguration.ID].Rules
		if !slices.ContainsFunc(rules, func(rule intelligence.Rule) bool {
			return *rule.ID == *r.IntelligenceConfiguration.RuleID && slices.ContainsFunc(rule.Operators, func(ro intelligence.RuleOperator) bool {
				return *ro.ID == *r.Operator.ID && *ro.Version == *r.Operator.Version
			})
		}) {
			t.Errorf("%s: no rule %s of %s runs %s v%d", r.ID, *r.IntelligenceConfiguration.RuleID, *r.IntelligenceConfiguration.ID, *r.Operator.ID, *r.Operator.Version)
		}
	}
	for _, f := range intelligence.OutputFormats {
		if formats[f] < 10 {
			t.Errorf("%d %s results", formats[f], f)
		}
	}

	seen := 0
	for _, c := range s.conversations.all() {
		var ran []string
		for _, id := range c.OperatorResultIDs {
			r, ok := results[id]
			if !ok || *r.ConversationID != c.ID || !slices.Contains(c.IntelligenceConfigurationIDs, *r.IntelligenceConfiguration.ID) ||
				!mustTime(*r.DateCreated).After(c.created) {
				t.Fatalf("%s: operator result %s: %+v", c.ID, id, r)
			}
			ran = append(ran, *r.Operator.ID)
			seen++
		}
		if !slices.Equal(ran, c.operators) {
			t.Errorf("%s: results from %v, operatorIds finds it by %v", c.ID, ran, c.operators)
		}
	}
	if seen != len(results) {
		t.Errorf("%d results, %d named by conversations", len(results), seen)
	}
}

func TestOperatorResultFilters(t *testing.T) {
	s := newServer(t, Options{})
	all := s.OperatorResults()
	r := all[len(all)/2]
	for _, q := range []map[string]string{
		{},
		{"conversationId": *r.ConversationID},
		{"operatorId": *r.Operator.ID},
		{"intelligenceConfigurationId": *r.IntelligenceConfiguration.ID},
		{"operatorId": *r.Operator.ID, "intelligenceConfigurationId": *r.IntelligenceConfiguration.ID},
		{"conversationId": *r.ConversationID, "operatorId": OperatorIDs[0], "intelligenceConfigurationId": IntelligenceConfigurationIDs[0]},
		{"conversationId": cid(1)},
	} {
		var want []string
		for _, r := range all {
			if (q["conversationId"] == "" || q["conversationId"] == *r.ConversationID) &&
				(q["operatorId"] == "" || q["operatorId"] == *r.Operator.ID) &&
				(q["intelligenceConfigurationId"] == "" || q["intelligenceConfigurationId"] == *r.IntelligenceConfiguration.ID) {
				want = append(want, r.ID)
			}
		}
		query := vals("pageSize", "7")
		for k, v := range q {
			query.Set(k, v)
		}
		if got := listKeys(t, s, resultsPath, query); !slices.Equal(got, want) {
			t.Errorf("%v: got %d results, want %d", q, len(got), len(want))
		}
	}
}

func TestAddControlPlane(t *testing.T) {
	s := emptyServer(t)
	name := ptr("Sentiment")
	op := intelligence.Operator{ID: "intelligence_operator_01aaaaaaaaaaaaaaaaaaaaaaaa", DisplayName: name, Version: ptr(intelligence.Version(2))}
	s.AddOperator(op)
	s.AddOperator(intelligence.Operator{ID: "intelligence_operator_01bbbbbbbbbbbbbbbbbbbbbbbb", DisplayName: name},
		intelligence.OperatorVersion{Version: ptr[intelligence.Version](1), Status: ptr("RETIRED"), DateCreated: ptr("2025-01-01T00:00:00Z")},
		intelligence.OperatorVersion{Version: ptr[intelligence.Version](7), Status: ptr("ACTIVE"), DateCreated: ptr("2026-01-01T00:00:00Z")})
	*name = "changed after AddOperator"
	got := s.Operators()
	if len(got) != 2 || *got[0].DisplayName != "Sentiment" || *got[1].DisplayName != "Sentiment" || got[1].Version != nil {
		t.Errorf("operators %+v", got)
	}
	body := get(t, s, operatorsPath+"/"+op.ID).body
	if want := `{"id":"` + op.ID + `","displayName":"Sentiment","description":null,"version":2,"author":null,"outputFormat":null,` +
		`"outputSchema":null,"context":null,"parameters":null}`; string(body) != want {
		t.Errorf("crafted operator with null fields:\n got %s\nwant %s", body, want)
	}
	if v := s.OperatorVersions(op.ID); len(v) != 1 || *v[0].Version != 2 || *v[0].Status != "ACTIVE" {
		t.Errorf("default version %+v", v)
	}
	if got := listKeys(t, s, versionsPath("intelligence_operator_01bbbbbbbbbbbbbbbbbbbbbbbb"), nil); !slices.Equal(got, []string{"7", "1"}) {
		t.Errorf("versions %v", got)
	}

	newer := intelligence.OperatorResult{ID: "intelligence_operatorresult_01aaaaaaaaaaaaaaaaaaaaaaaa", DateCreated: ptr("2026-02-01T00:00:00+01:00"),
		Result: jsontext.Value(`{"label":"POSITIVE"}`)}
	s.AddOperatorResult(intelligence.OperatorResult{ID: "intelligence_operatorresult_01bbbbbbbbbbbbbbbbbbbbbbbb"}) // no dateCreated: last
	s.AddOperatorResult(intelligence.OperatorResult{ID: "intelligence_operatorresult_01cccccccccccccccccccccccc", DateCreated: ptr("2026-01-01T00:00:00Z")})
	s.AddOperatorResult(newer)
	newer.Result[2] = 'X' // the server keeps its own copy
	results := s.OperatorResults()
	if ids := ids(results, func(r intelligence.OperatorResult) string { return r.ID[len(r.ID)-1:] }); !slices.Equal(ids, []string{"a", "c", "b"}) ||
		string(results[0].Result) != `{"label":"POSITIVE"}` {
		t.Errorf("results %v, first result %s", ids, results[0].Result)
	}

	cfg := SpecExampleConfiguration()
	s.AddConfiguration(cfg)
	if got := s.Configurations(); len(got) != 1 || got[0].ID != cfg.ID || len(got[0].Rules) != 1 {
		t.Errorf("configurations %+v", got)
	}

	mustPanic(t, map[string]func(){
		"operator id":        func() { s.AddOperator(intelligence.Operator{ID: "op"}) },
		"duplicate operator": func() { s.AddOperator(op) },
		"duplicate version": func() {
			s.AddOperator(intelligence.Operator{ID: OperatorIDs[0]}, intelligence.OperatorVersion{Version: ptr[intelligence.Version](1)}, intelligence.OperatorVersion{Version: ptr[intelligence.Version](1)})
		},
		"configuration id":        func() { s.AddConfiguration(intelligence.Configuration{ID: OperatorIDs[1]}) },
		"duplicate configuration": func() { s.AddConfiguration(cfg) },
		"result id":               func() { s.AddOperatorResult(intelligence.OperatorResult{ID: cid(1)}) },
		"result dateCreated": func() {
			s.AddOperatorResult(intelligence.OperatorResult{ID: "intelligence_operatorresult_01dddddddddddddddddddddddd", DateCreated: ptr("yesterday")})
		},
		"duplicate result": func() { s.AddOperatorResult(newer) },
	})
}

// TestSpecExamples: the spec's examples, decoded, are the spec's examples byte for byte in
// meaning.
func TestSpecExamples(t *testing.T) {
	for name, v := range map[string]any{
		"ConversationExample":              SpecExample(),
		"OperatorResultExample":            SpecExampleOperatorResult(),
		"LanguageOperatorExample":          SpecExampleOperator(),
		"IntelligenceConfigurationExample": SpecExampleConfiguration(),
	} {
		var got, want any
		if err := json.Unmarshal(specExamples()[name].Value, &want); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		for k, v := range got.(map[string]any) { // absent in the example is null in the wire type
			if _, ok := want.(map[string]any)[k]; !ok && v == nil {
				delete(got.(map[string]any), k)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", name, got, want)
		}
	}
	s := emptyServer(t)
	s.AddOperatorResult(SpecExampleOperatorResult())
	if got := listKeys(t, s, resultsPath, vals("conversationId", SpecExample().ID)); !slices.Equal(got, SpecExample().OperatorResultIDs[:1]) {
		t.Errorf("results of the spec's conversation: %v", got)
	}
}
