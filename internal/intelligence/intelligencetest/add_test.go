package intelligencetest

import (
	"slices"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// TestAdd: crafted items are served as given, nulls and all, arrays never null, in API
// order, and the server keeps its own copy.
func TestAdd(t *testing.T) {
	s := newServer(t, Options{Conversations: -1})
	text := "¿Dónde está mi pedido? 📦\n\"quoted\""
	c := intelligence.Conversation{ID: cid(1), Status: "ACTIVE", CreatedAt: "2026-01-15T10:30:00.123456789+01:00", UpdatedAt: "2026-01-15T10:45:30Z",
		ConversationConfigurationID: ConversationConfigurationIDs[0], Channels: []string{"SMS"},
		Participants: []intelligence.Participant{{ID: "conv_participant_01k1etx3jbfx88476ccja0889c"}},
		Communications: []intelligence.Communication{{ID: "conv_communication_01k1etk2y5f1y9fpe2epfdtvv2",
			ParticipantID: "conv_participant_01k1etx3jbfx88476ccja0889c", Content: intelligence.Content{Text: &text}, CreatedAt: "2026-01-15T10:30:15Z"}}}
	s.Add(c, op0)
	text = "changed after Add"
	want := `{"id":"conv_conversation_00000000000000000000000001","accountId":null,"name":null,"status":"ACTIVE",` +
		`"createdAt":"2026-01-15T10:30:00.123456789+01:00","updatedAt":"2026-01-15T10:45:30Z","intelligenceConfigurationIds":[],` +
		`"conversationConfigurationId":"` + ConversationConfigurationIDs[0] + `","channels":["SMS"],"channelIds":[],` +
		`"participants":[{"id":"conv_participant_01k1etx3jbfx88476ccja0889c","name":null,"type":null,"addressValues":[]}],` +
		`"operatorResultIds":[],"communications":[{"id":"conv_communication_01k1etk2y5f1y9fpe2epfdtvv2",` +
		`"participantId":"conv_participant_01k1etx3jbfx88476ccja0889c","content":{"text":"¿Dónde está mi pedido? 📦\n\"quoted\""},"createdAt":"2026-01-15T10:30:15Z"}]}`
	if res := get(t, s, convsPath+"/"+cid(1)); string(res.body) != want {
		t.Errorf("fetch:\n got %s\nwant %s", res.body, want)
	}
	// Found by its hidden operator, and by its instant rather than its wall clock.
	if got := listKeys(t, s, convsPath, vals("operatorIds", op0, "createdAtAfter", "2026-01-15T09:29:59Z", "createdAtBefore", "2026-01-15T09:30:01Z")); !slices.Equal(got, []string{cid(1)}) {
		t.Errorf("filters on an added conversation: %v", got)
	}

	name := ptr("Sentiment")
	op := intelligence.Operator{ID: "intelligence_operator_01aaaaaaaaaaaaaaaaaaaaaaaa", DisplayName: name, Version: ptr(intelligence.Version(2))}
	s.AddOperator(op)
	other := "intelligence_operator_01bbbbbbbbbbbbbbbbbbbbbbbb"
	s.AddOperator(intelligence.Operator{ID: other, DisplayName: name},
		intelligence.OperatorVersion{Version: ptr[intelligence.Version](1), Status: ptr("RETIRED"), DateCreated: ptr("2025-01-01T00:00:00Z")},
		intelligence.OperatorVersion{Version: ptr[intelligence.Version](7), Status: ptr("ACTIVE"), DateCreated: ptr("2026-01-01T00:00:00Z")})
	*name = "changed after AddOperator"
	if ops := s.Operators(); len(ops) != 2 || *ops[1].DisplayName != "Sentiment" || ops[1].Version != nil {
		t.Errorf("operators %+v", ops)
	}
	if body := get(t, s, opsPath+"/"+op.ID).body; string(body) != `{"id":"`+op.ID+`","displayName":"Sentiment","description":null,"version":2,`+
		`"author":null,"outputFormat":null,"outputSchema":null,"context":null,"parameters":null}` {
		t.Errorf("crafted operator with null fields: %s", body)
	}
	if v, w := s.OperatorVersions(op.ID), s.OperatorVersions(other); len(v) != 1 || *v[0].Version != 2 || *v[0].Status != "ACTIVE" ||
		*v[0].DateCreated != "2026-01-01T00:00:00Z" || len(w) != 2 || *w[0].Version != 7 {
		t.Errorf("the default version %s, then versions in order %s", mustJSON(v), mustJSON(w))
	}

	newer := intelligence.OperatorResult{ID: "intelligence_operatorresult_01aaaaaaaaaaaaaaaaaaaaaaaa", DateCreated: ptr("2026-02-01T00:00:00+01:00"),
		Result: jsontext.Value(`{"label":"POSITIVE"}`)}
	s.AddOperatorResult(intelligence.OperatorResult{ID: "intelligence_operatorresult_01bbbbbbbbbbbbbbbbbbbbbbbb"}) // no dateCreated: last
	s.AddOperatorResult(intelligence.OperatorResult{ID: "intelligence_operatorresult_01cccccccccccccccccccccccc", DateCreated: ptr("2026-01-01T00:00:00Z")})
	s.AddOperatorResult(newer)
	newer.Result[2] = 'X'
	results := s.OperatorResults()
	if ids := ids(results, func(r intelligence.OperatorResult) string { return r.ID[len(r.ID)-1:] }); !slices.Equal(ids, []string{"a", "c", "b"}) ||
		string(results[0].Result) != `{"label":"POSITIVE"}` {
		t.Errorf("results %v, first result %s", ids, results[0].Result)
	}

	mustPanic(t, map[string]func(){
		"conversation id":        func() { s.Add(intelligence.Conversation{ID: "conv_1", CreatedAt: "2026-01-01T00:00:00Z"}) },
		"conversation createdAt": func() { s.Add(intelligence.Conversation{ID: cid(2), CreatedAt: "2026-01-01"}) },
		"conversation operator":  func() { s.Add(intelligence.Conversation{ID: cid(3), CreatedAt: "2026-01-01T00:00:00Z"}, "op") },
		"conversation twice":     func() { s.Add(c) },
		"operator id":            func() { s.AddOperator(intelligence.Operator{ID: "op"}) },
		"version twice": func() {
			s.AddOperator(intelligence.Operator{ID: op0}, intelligence.OperatorVersion{Version: ptr[intelligence.Version](1)}, intelligence.OperatorVersion{Version: ptr[intelligence.Version](1)})
		},
		"configuration id": func() { s.AddConfiguration(intelligence.Configuration{ID: op1}) },
		"result id":        func() { s.AddOperatorResult(intelligence.OperatorResult{ID: cid(1)}) },
		"result dateCreated": func() {
			s.AddOperatorResult(intelligence.OperatorResult{ID: "intelligence_operatorresult_01dddddddddddddddddddddddd", DateCreated: ptr("yesterday")})
		},
		"result twice": func() { s.AddOperatorResult(newer) },
	})
}
