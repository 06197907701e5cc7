package intelligencetest

import (
	"net/url"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// result is an operator result: an added one as given, a seeded one as what the order and
// the filters need, the rest drawn from its conversation's seed whenever served (data.go).
type result struct {
	id                 string
	created            time.Time // zero without dateCreated: sorts last
	conv, config, opID string    // what the filters look at
	added              *intelligence.OperatorResult
	of                 *conversation // seeded: the conversation it is about,
	run                *ruleRun      // the rule operator that produced it,
	n                  int           // and its index in of.OperatorResultIDs
}

func (r *result) body() any {
	if r.added != nil {
		return r.added
	}
	return r.of.result(r)
}

// OperatorResults returns a copy of all operator results in API order (dateCreated
// descending, then id ascending).
func (s *Server) OperatorResults() []intelligence.OperatorResult {
	return copies[intelligence.OperatorResult](s.results, (*result).body)
}

// AddOperatorResult adds a crafted operator result, such as one with null or absent fields,
// in API order (no dateCreated sorts last); what it names need not exist. It panics when
// r.ID does not match its pattern or exists, or r.DateCreated is not RFC 3339.
func (s *Server) AddOperatorResult(r intelligence.OperatorResult) {
	r = clone[intelligence.OperatorResult](r)
	config, op := deref(r.IntelligenceConfiguration), deref(r.Operator)
	stored := &result{id: r.ID, conv: deref(r.ConversationID), config: deref(config.ID), opID: deref(op.ID), added: &r}
	var err error
	if r.DateCreated != nil {
		stored.created, err = time.Parse(time.RFC3339Nano, *r.DateCreated)
	}
	check("AddOperatorResult", matches(intelligence.OperatorResultIDPattern, r.ID), err)
	check("AddOperatorResult", s.results.add(stored))
}

// deref is *p, or the zero value for nil.
func deref[T any](p *T) (v T) {
	if p != nil {
		v = *p
	}
	return v
}

// resultParams are ListOperatorResults' filters, which AND together.
var resultParams = map[string]param{
	"conversationId":              {pattern: intelligence.ConversationIDPattern},
	"intelligenceConfigurationId": {pattern: intelligence.IntelligenceConfigurationIDPattern},
	"operatorId":                  {pattern: intelligence.OperatorIDPattern},
}

func resultFilter(q url.Values) (func(*result) bool, *response) {
	conv, config, op := q.Get("conversationId"), q.Get("intelligenceConfigurationId"), q.Get("operatorId")
	return func(r *result) bool {
		return (conv == "" || r.conv == conv) && (config == "" || r.config == config) && (op == "" || r.opID == op)
	}, nil
}
