package intelligence

import (
	"context"
	"fmt"
	"net/url"
	"time"
)

// ConversationFilter holds the filters of ListConversations. Zero values are not sent.
type ConversationFilter struct {
	CreatedAtAfter              time.Time
	CreatedAtBefore             time.Time
	Status                      string
	ChannelID                   string
	Channels                    []string
	ConversationConfigurationID string
	// IntelligenceConfigurationIDs, Channels and OperatorIDs match when any value matches.
	IntelligenceConfigurationIDs []string
	OperatorIDs                  []string
}

// Validate checks what the API would reject, so that it fails before any request.
func (f ConversationFilter) Validate() error {
	if !f.CreatedAtAfter.IsZero() && !f.CreatedAtBefore.IsZero() && f.CreatedAtAfter.After(f.CreatedAtBefore) {
		return fmt.Errorf("createdAtAfter (%s) is later than createdAtBefore (%s)",
			formatTime(f.CreatedAtAfter), formatTime(f.CreatedAtBefore))
	}
	return nil
}

// Values encodes the filters as the API's query parameters, without paging (pageSize,
// pageToken). Arrays are repeated keys, as the spec's form style asks; zero values are
// left out.
func (f ConversationFilter) Values() url.Values {
	q := url.Values{}
	if !f.CreatedAtAfter.IsZero() {
		q.Set("createdAtAfter", formatTime(f.CreatedAtAfter))
	}
	if !f.CreatedAtBefore.IsZero() {
		q.Set("createdAtBefore", formatTime(f.CreatedAtBefore))
	}
	setIfNotEmpty(q, "status", f.Status)
	setIfNotEmpty(q, "channelId", f.ChannelID)
	setIfNotEmpty(q, "conversationConfigurationId", f.ConversationConfigurationID)
	for key, values := range map[string][]string{
		"channels":                     f.Channels,
		"intelligenceConfigurationIds": f.IntelligenceConfigurationIDs,
		"operatorIds":                  f.OperatorIDs,
	} {
		if len(values) > 0 {
			q[key] = append([]string(nil), values...)
		}
	}
	return q
}

func setIfNotEmpty(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}

// formatTime writes a timestamp the way the API documents them: RFC 3339 in UTC with Z.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

var conversationsPath = []string{"v3", "Conversations"}

func (c *Conversation) listKey() string { return c.ID }

// ListConversations reads the conversations that match f, in API order and without
// duplicates, up to opts.MaxResults. A date range wider than MaxWindow is read as
// several windows (see splitWindows).
func (c *Client) ListConversations(ctx context.Context, f ConversationFilter, opts ListOptions) (*ListResult[Conversation], error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f.CreatedAtAfter.IsZero() || f.CreatedAtBefore.IsZero() || f.CreatedAtBefore.Sub(f.CreatedAtAfter) <= MaxWindow {
		return list[Conversation](ctx, c, conversationsPath, f.Values(), opts)
	}
	l, err := newListing[Conversation](c, conversationsPath, f.Values(), opts)
	if err != nil {
		return nil, err
	}
	windows := splitWindows(f.CreatedAtAfter, f.CreatedAtBefore)
	return l.collect(func(e *emitter[Conversation, *Conversation]) (bool, error) {
		return runWindows(ctx, l, windows, c.workers, e)
	})
}

// GetConversation fetches one conversation with its communications. A conversation that
// does not exist is an error matching ErrNotFound.
func (c *Client) GetConversation(ctx context.Context, id string) (*Conversation, error) {
	if err := ValidateConversationID(id); err != nil {
		return nil, err
	}
	return getItem[Conversation](ctx, c, "v3", "Conversations", id)
}
