package intelligencetest

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// conversation is a conversation as the server holds it: communications included (never
// nil), and the Language Operators run on it, which the API does not return but which
// the operatorIds filter finds it by.
type conversation struct {
	intelligence.Conversation
	created   time.Time
	operators []string
}

// conversationListItem is a ListConversations item: no communications key at all.
func conversationListItem(c *conversation) any {
	v := c.Conversation
	v.Communications = nil // omitempty
	return v
}

// conversationBody is the FetchConversation body. communications is required there even
// when empty, but intelligence.Conversation omits an empty slice (its omitempty is what
// keeps the key out of list items), so the shallower field here wins and always encodes.
func conversationBody(c *conversation) any {
	return struct {
		intelligence.Conversation
		Communications []intelligence.Communication `json:"communications"`
	}{c.Conversation, c.Communications}
}

// Conversations returns a copy of all conversations, communications included, in API
// order (createdAt descending, then id ascending).
func (s *Server) Conversations() []intelligence.Conversation {
	all := s.conversations.all()
	out := make([]intelligence.Conversation, len(all))
	for i, c := range all {
		out[i] = clone[intelligence.Conversation](conversationBody(c))
	}
	return out
}

// Add adds a crafted conversation, such as one exactly on a window boundary, keeping API
// order. operatorIDs are the Language Operators the operatorIds filter finds it by. Nil
// arrays are served as [], as the spec requires. It panics when c.ID or an operator id
// does not match its pattern, c.CreatedAt is not RFC 3339, or c.ID already exists.
func (s *Server) Add(c intelligence.Conversation, operatorIDs ...string) {
	if err := s.addConversation(clone[intelligence.Conversation](conversationBody(&conversation{Conversation: c})), slices.Clone(operatorIDs)); err != nil {
		panic("intelligencetest: Add: " + err.Error())
	}
}

// addConversation checks c and serves it as the spec says: arrays never null.
func (s *Server) addConversation(c intelligence.Conversation, operators []string) error {
	if err := intelligence.ValidateConversationID(c.ID); err != nil {
		return err
	}
	for _, op := range operators {
		if !intelligence.OperatorIDPattern.MatchString(op) {
			return fmt.Errorf("conversation %s: operator id %q does not match %s", c.ID, op, intelligence.OperatorIDPattern)
		}
	}
	created, err := time.Parse(time.RFC3339Nano, c.CreatedAt)
	if err != nil {
		return fmt.Errorf("conversation %s: createdAt: %w", c.ID, err)
	}
	for _, s := range []*[]string{&c.IntelligenceConfigurationIDs, &c.Channels, &c.ChannelIDs, &c.OperatorResultIDs} {
		if *s == nil {
			*s = []string{}
		}
	}
	if c.Participants == nil {
		c.Participants = []intelligence.Participant{}
	}
	for i := range c.Participants {
		if c.Participants[i].AddressValues == nil {
			c.Participants[i].AddressValues = []string{}
		}
	}
	if c.Communications == nil {
		c.Communications = []intelligence.Communication{}
	}
	return s.conversations.add(c.ID, unixNano(created), conversation{Conversation: c, created: created, operators: operators})
}

// unixNano is t.UnixNano clamped to what an int64 can hold, so that a conversation in
// year 1 or 9999 still sorts correctly instead of wrapping around.
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// conversationParams are ListConversations' filters; true for the arrays.
var conversationParams = map[string]bool{
	"createdAtBefore": false, "createdAtAfter": false, "status": false, "channelId": false,
	"channels": true, "conversationConfigurationId": false, "intelligenceConfigurationIds": true, "operatorIds": true,
}

// parseConversationFilter validates ListConversations' filters and reports the first
// problem, in name order, as a 400 naming the parameter. Filters AND together; arrays
// match when any listed value does, as the spec's "(OR match)" says; the date bounds are
// exclusive and at most 31 days apart.
func parseConversationFilter(q url.Values) (func(*conversation) bool, string, *apiError) {
	channels, err := oneOf("channels", q["channels"], intelligence.Channels, " (send several channels as repeated keys)")
	if err != nil {
		return nil, "", err
	}
	after, err := parseTime(q, "createdAtAfter")
	if err != nil {
		return nil, "", err
	}
	before, err := parseTime(q, "createdAtBefore")
	if err != nil {
		return nil, "", err
	}
	configs, err := matching("intelligenceConfigurationIds", q["intelligenceConfigurationIds"], intelligence.IntelligenceConfigurationIDPattern)
	if err != nil {
		return nil, "", err
	}
	operators, err := matching("operatorIds", q["operatorIds"], intelligence.OperatorIDPattern)
	if err != nil {
		return nil, "", err
	}
	status := q.Get("status")
	if status != "" && !slices.Contains(intelligence.Statuses, status) {
		return nil, "", badParam("status", "%q is not one of %s", status, strings.Join(intelligence.Statuses, ", "))
	}
	if after != nil && before != nil {
		switch {
		case after.After(*before):
			return nil, "", badParam("createdAtAfter", "must not be later than createdAtBefore")
		case before.Sub(*after) > intelligence.MaxWindow:
			return nil, "", badParam("createdAtBefore", "the range from createdAtAfter to createdAtBefore must not exceed 31 days")
		}
	}
	channelID, convConfig := q.Get("channelId"), q.Get("conversationConfigurationId")

	match := func(c *conversation) bool {
		return (after == nil || c.created.After(*after)) &&
			(before == nil || c.created.Before(*before)) &&
			(status == "" || c.Status == status) &&
			(channelID == "" || slices.Contains(c.ChannelIDs, channelID)) &&
			(convConfig == "" || c.ConversationConfigurationID == convConfig) &&
			(channels == nil || intersects(channels, c.Channels)) &&
			(configs == nil || intersects(configs, c.IntelligenceConfigurationIDs)) &&
			(operators == nil || intersects(operators, c.operators))
	}
	instant := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	key := fmt.Sprintf("after=%s&before=%s&status=%s&channelId=%q&conversationConfigurationId=%q&channels=%v&intelligenceConfigurationIds=%v&operatorIds=%v",
		instant(after), instant(before), status, channelID, convConfig, channels, configs, operators)
	return match, key, nil
}

// parseTime accepts RFC 3339 date-times with a zone, which is what the spec's date-time
// format means; a date alone or a local time is ambiguous and refused. Absent is nil.
func parseTime(q url.Values, name string) (*time.Time, *apiError) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return nil, badParam(name, "must be an RFC 3339 date-time with a time zone, such as 2026-01-15T10:30:00Z, got %q", v)
	}
	return &t, nil
}

// oneOf checks that every value is in allowed and returns them sorted and de-duplicated,
// so that equivalent queries share a canonical key.
func oneOf(name string, vals, allowed []string, hint string) ([]string, *apiError) {
	for _, v := range vals {
		if !slices.Contains(allowed, v) {
			return nil, badParam(name, "%q is not one of %s%s", v, strings.Join(allowed, ", "), hint)
		}
	}
	return canonical(vals), nil
}

// matching checks that every value matches pattern and returns them as oneOf does.
func matching(name string, vals []string, pattern *regexp.Regexp) ([]string, *apiError) {
	for _, v := range vals {
		if !pattern.MatchString(v) {
			return nil, badParam(name, "%q does not match %s", v, pattern)
		}
	}
	return canonical(vals), nil
}

func canonical(vals []string) []string {
	if vals == nil {
		return nil
	}
	out := slices.Clone(vals)
	slices.Sort(out)
	return slices.Compact(out)
}

func intersects(want, have []string) bool {
	return slices.ContainsFunc(have, func(h string) bool { return slices.Contains(want, h) })
}
