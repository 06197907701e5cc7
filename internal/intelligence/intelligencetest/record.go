package intelligencetest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// record is one conversation as the server holds it. The pre-encoded list item is the
// source of truth; beside it are only the fields the filters and the ordering read, and
// the hidden operator ids. Seeded conversations regenerate their communications from a
// seed when fetched rather than keeping them: with the structs decoded on demand too, a
// 100,000-conversation data set takes about half the memory.
type record struct {
	id           string
	created      int64 // createdAt in Unix nanoseconds, for ordering and windows
	status       string
	channels     uint8 // bit i set when the conversation has intelligence.Channels[i]
	channelIDs   []string
	convConfig   string
	intelConfigs []string
	operators    []string // Language Operators run on it: drives operatorIds
	item         []byte   // the ConversationListItem JSON, encoded once

	comms    []intelligence.Communication // an added conversation's communications
	commSeed [2]uint64                    // a seeded one's, when comms is nil
}

// before reports whether r comes before the item keyed (created, id) in API order:
// createdAt descending, then id ascending.
func (r *record) before(created int64, id string) bool {
	return r.created > created || (r.created == created && r.id < id)
}

// addedRecord checks what Add is given, so that a test's mistake fails where it was
// made, and copies it, so that the test can no longer change what the server serves.
func addedRecord(c intelligence.Conversation, operators []string) (*record, error) {
	if err := intelligence.ValidateConversationID(c.ID); err != nil {
		return nil, err
	}
	for _, op := range operators {
		if !intelligence.OperatorIDPattern.MatchString(op) {
			return nil, fmt.Errorf("conversation %s: operator id %q does not match %s", c.ID, op, intelligence.OperatorIDPattern)
		}
	}
	c = deepCopy(c)
	if c.Communications == nil {
		c.Communications = []intelligence.Communication{} // kept as given: nothing to regenerate
	}
	return buildRecord(c, slices.Clone(operators))
}

// buildRecord normalizes c so that it is served as the spec says (arrays never null) and
// pre-encodes its list item. The record shares c's memory: copy first what the caller
// may still change.
func buildRecord(c intelligence.Conversation, operators []string) (*record, error) {
	created, err := time.Parse(time.RFC3339Nano, c.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("conversation %s: createdAt: %w", c.ID, err)
	}
	nonNil(&c.IntelligenceConfigurationIDs)
	nonNil(&c.Channels)
	nonNil(&c.ChannelIDs)
	nonNil(&c.OperatorResultIDs)
	if c.Participants == nil {
		c.Participants = []intelligence.Participant{}
	}
	for i := range c.Participants {
		nonNil(&c.Participants[i].AddressValues)
	}

	r := &record{
		id:           c.ID,
		created:      unixNano(created),
		status:       c.Status,
		channelIDs:   c.ChannelIDs,
		convConfig:   c.ConversationConfigurationID,
		intelConfigs: c.IntelligenceConfigurationIDs,
		operators:    operators,
		comms:        c.Communications,
	}
	for _, ch := range c.Channels {
		if i := slices.Index(intelligence.Channels, ch); i >= 0 {
			r.channels |= 1 << i
		}
	}
	c.Communications = nil // omitempty: list items have no communications key at all
	if r.item, err = marshal(c); err != nil {
		return nil, fmt.Errorf("conversation %s: %w", c.ID, err)
	}
	return r, nil
}

func nonNil(s *[]string) {
	if *s == nil {
		*s = []string{}
	}
}

// conversation returns the full conversation, communications included (never nil), in
// memory the caller owns.
func (r *record) conversation() (intelligence.Conversation, error) {
	var c intelligence.Conversation
	if err := json.Unmarshal(r.item, &c); err != nil {
		return c, fmt.Errorf("conversation %s: %w", r.id, err)
	}
	switch {
	case r.comms != nil:
		c.Communications = cloneCommunications(r.comms)
	default:
		rng := rand.New(rand.NewPCG(r.commSeed[0], r.commSeed[1])) //nolint:gosec // test data, not secrets
		c.Communications = (&generator{rng: rng}).communications(&c)
	}
	return c, nil
}

// fetchBody is the FetchConversation body. communications is required there even when
// empty, but intelligence.Conversation omits an empty slice (its omitempty is what keeps
// the key out of list items), so the shallower field here wins and always encodes.
type fetchBody struct {
	intelligence.Conversation
	Communications []intelligence.Communication `json:"communications"`
}

func (r *record) fetchJSON() ([]byte, error) {
	c, err := r.conversation()
	if err != nil {
		return nil, err
	}
	return marshal(fetchBody{Conversation: c, Communications: c.Communications})
}

// deepCopy returns c sharing no memory with the original, so that a test mutating what it
// added cannot change what the server serves.
func deepCopy(c intelligence.Conversation) intelligence.Conversation {
	c.AccountID = clonePtr(c.AccountID)
	c.Name = clonePtr(c.Name)
	c.IntelligenceConfigurationIDs = slices.Clone(c.IntelligenceConfigurationIDs)
	c.Channels = slices.Clone(c.Channels)
	c.ChannelIDs = slices.Clone(c.ChannelIDs)
	c.OperatorResultIDs = slices.Clone(c.OperatorResultIDs)
	if c.Participants != nil {
		ps := make([]intelligence.Participant, len(c.Participants))
		for i, p := range c.Participants {
			p.Name = clonePtr(p.Name)
			p.Type = clonePtr(p.Type)
			p.AddressValues = slices.Clone(p.AddressValues)
			ps[i] = p
		}
		c.Participants = ps
	}
	c.Communications = cloneCommunications(c.Communications)
	return c
}

func cloneCommunications(cs []intelligence.Communication) []intelligence.Communication {
	if cs == nil {
		return nil
	}
	out := make([]intelligence.Communication, len(cs))
	for i, m := range cs {
		m.Content.Text = clonePtr(m.Content.Text)
		out[i] = m
	}
	return out
}

func clonePtr(p *string) *string {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
