package intelligencetest

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// conversation is a conversation as the server holds it, with the Language Operators run
// on it: the API does not return them, but the operatorIds filter finds it by them.
type conversation struct {
	intelligence.Conversation // a ListConversations item: no communications
	created                   time.Time
	operators                 []string
	comms                     []intelligence.Communication // an added conversation's
	seed                      uint64                       // a seeded one's, which its communications are drawn from
}

func listItem(c *conversation) any { return &c.Conversation }

// fetched is the FetchConversation body: communications even when empty, as required.
func fetched(c *conversation) any {
	return struct {
		intelligence.Conversation
		Communications []intelligence.Communication `json:"communications"`
	}{c.Conversation, c.communications()}
}

// Conversations returns a copy of all conversations, communications included, in API
// order (createdAt descending, then id ascending).
func (s *Server) Conversations() []intelligence.Conversation {
	return copies[intelligence.Conversation](s.conversations, fetched)
}

// Add adds a crafted conversation, such as one exactly on a window boundary, keeping API
// order. operatorIDs are the Language Operators the operatorIds filter finds it by. Nil
// arrays are served as [], as the spec requires. It panics when c.ID or an operator id
// does not match its pattern, c.CreatedAt is not RFC 3339, or c.ID already exists.
func (s *Server) Add(c intelligence.Conversation, operatorIDs ...string) {
	c = clone[intelligence.Conversation](c)
	created, err := time.Parse(time.RFC3339Nano, c.CreatedAt)
	check("Add", matches(intelligence.ConversationIDPattern, c.ID), matches(intelligence.OperatorIDPattern, operatorIDs...), err)
	nonNil(&c.IntelligenceConfigurationIDs, &c.Channels, &c.ChannelIDs, &c.OperatorResultIDs)
	nonNil(&c.Participants)
	for i := range c.Participants {
		nonNil(&c.Participants[i].AddressValues)
	}
	comms := c.Communications
	nonNil(&comms)
	c.Communications = nil
	check("Add", s.conversations.add(&conversation{Conversation: c, created: created, operators: slices.Clone(operatorIDs), comms: comms}))
}

// check panics with what is wrong with an added item: the test that added it is wrong.
func check(what string, errs ...error) {
	if err := errors.Join(errs...); err != nil {
		panic("intelligencetest: " + what + ": " + err.Error())
	}
}

func matches(re *regexp.Regexp, values ...string) error {
	for _, v := range values {
		if !re.MatchString(v) {
			return fmt.Errorf("%q does not match %s", v, re)
		}
	}
	return nil
}

// nonNil makes the nil slices empty: the spec's arrays are never null.
func nonNil[T any](ss ...*[]T) {
	for _, s := range ss {
		if *s == nil {
			*s = []T{}
		}
	}
}

// conversationParams are ListConversations' filters. Filters AND together, and an array
// matches when any of its values does, as the spec's "(OR match)" says.
var conversationParams = map[string]param{
	"createdAtAfter":               {dateTime: true},
	"createdAtBefore":              {dateTime: true},
	"status":                       {enum: intelligence.Statuses},
	"channelId":                    {},
	"channels":                     {array: true, enum: intelligence.Channels},
	"conversationConfigurationId":  {},
	"intelligenceConfigurationIds": {array: true, pattern: intelligence.IntelligenceConfigurationIDPattern},
	"operatorIds":                  {array: true, pattern: intelligence.OperatorIDPattern},
}

// conversationFilter: the date bounds are exclusive and at most 31 days apart.
func conversationFilter(q url.Values) (func(*conversation) bool, *response) {
	instant := func(name string) (time.Time, bool) {
		t, err := time.Parse(time.RFC3339Nano, q.Get(name))
		if err == nil {
			q.Set(name, t.UTC().Format(time.RFC3339Nano)) // the same instant in any zone
		}
		return t, err == nil
	}
	after, hasAfter := instant("createdAtAfter")
	before, hasBefore := instant("createdAtBefore")
	switch {
	case hasAfter && hasBefore && after.After(before):
		return nil, badParam("createdAtAfter", "must not be later than createdAtBefore")
	case hasAfter && hasBefore && before.Sub(after) > intelligence.MaxWindow:
		return nil, badParam("createdAtBefore", "the range from createdAtAfter to createdAtBefore must not exceed 31 days")
	}
	status, channelID, convConfig := q.Get("status"), q.Get("channelId"), q.Get("conversationConfigurationId")
	channels, configs, operators := q["channels"], q["intelligenceConfigurationIds"], q["operatorIds"]
	return func(c *conversation) bool {
		return (!hasAfter || c.created.After(after)) && (!hasBefore || c.created.Before(before)) &&
			(status == "" || c.Status == status) &&
			(channelID == "" || slices.Contains(c.ChannelIDs, channelID)) &&
			(convConfig == "" || c.ConversationConfigurationID == convConfig) &&
			(channels == nil || intersects(channels, c.Channels)) &&
			(configs == nil || intersects(configs, c.IntelligenceConfigurationIDs)) &&
			(operators == nil || intersects(operators, c.operators))
	}, nil
}

func intersects(want, have []string) bool {
	return slices.ContainsFunc(have, func(h string) bool { return slices.Contains(want, h) })
}
