package intelligencetest

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// resultParams are ListOperatorResults' filters, each a single value.
var resultParams = map[string]bool{"conversationId": false, "intelligenceConfigurationId": false, "operatorId": false}

// parseResultFilter validates ListOperatorResults' filters against their patterns. They
// AND together.
func parseResultFilter(q url.Values) (func(*intelligence.OperatorResult) bool, string, *apiError) {
	conv, config, op := q.Get("conversationId"), q.Get("intelligenceConfigurationId"), q.Get("operatorId")
	for _, p := range []struct {
		name, value string
		pattern     *regexp.Regexp
	}{
		{"conversationId", conv, intelligence.ConversationIDPattern},
		{"intelligenceConfigurationId", config, intelligence.IntelligenceConfigurationIDPattern},
		{"operatorId", op, intelligence.OperatorIDPattern},
	} {
		if p.value != "" && !p.pattern.MatchString(p.value) {
			return nil, "", badParam(p.name, "%q does not match %s", p.value, p.pattern)
		}
	}
	is := func(want string, have *string) bool { return want == "" || have != nil && *have == want }
	match := func(r *intelligence.OperatorResult) bool {
		return is(conv, r.ConversationID) &&
			(config == "" || r.IntelligenceConfiguration != nil && is(config, r.IntelligenceConfiguration.ID)) &&
			(op == "" || r.Operator != nil && is(op, r.Operator.ID))
	}
	return match, url.Values{"c": {conv}, "i": {config}, "o": {op}}.Encode(), nil
}

// AddOperatorResult adds a crafted operator result, such as one with null or absent
// optional fields, keeping API order (dateCreated descending, then id; no dateCreated
// sorts last). It neither needs nor changes the conversation, configuration or operator
// it names. It panics when r.ID does not match its pattern or already exists, or
// r.DateCreated is not RFC 3339.
func (s *Server) AddOperatorResult(r intelligence.OperatorResult) {
	if err := s.addResult(clone[intelligence.OperatorResult](r)); err != nil {
		panic("intelligencetest: AddOperatorResult: " + err.Error())
	}
}

func (s *Server) addResult(r intelligence.OperatorResult) error {
	if !intelligence.OperatorResultIDPattern.MatchString(r.ID) {
		return fmt.Errorf("operator result id %q does not match %s", r.ID, intelligence.OperatorResultIDPattern)
	}
	key := int64(math.MinInt64)
	if r.DateCreated != nil {
		t, err := time.Parse(time.RFC3339Nano, *r.DateCreated)
		if err != nil {
			return fmt.Errorf("operator result %s: dateCreated: %w", r.ID, err)
		}
		key = unixNano(t)
	}
	return s.results.add(r.ID, key, r)
}

// OperatorResults returns a copy of all operator results in API order (dateCreated
// descending, then id ascending).
func (s *Server) OperatorResults() []intelligence.OperatorResult {
	return copies[intelligence.OperatorResult](s.results.all(), asIs)
}
