package intelligence

import (
	"context"
	"errors"
	"net/url"

	jsonv2 "github.com/go-json-experiment/json"
)

// Get fetches one conversation with its communications. The id is checked against the
// spec's pattern first, so a malformed id never becomes a request (or another path); a
// conversation that does not exist is an error matching ErrNotFound.
func (c *Client) Get(ctx context.Context, id string) (*Conversation, error) {
	if err := ValidateConversationID(id); err != nil {
		return nil, err
	}
	u := c.endpoint("/v3/Conversations/" + id)
	u.RawPath = c.base.EscapedPath() + "/v3/Conversations/" + url.PathEscape(id)
	var conv Conversation
	err := c.get(ctx, u, func(body []byte) error { return decodeConversation(body, &conv) })
	if err != nil {
		return nil, err
	}
	return &conv, nil
}

// decodeConversation decodes a FetchConversation body and checks that it is one.
func decodeConversation(body []byte, conv *Conversation) error {
	if err := jsonv2.Unmarshal(body, conv, decodeOptions); err != nil {
		return err
	}
	if conv.ID == "" {
		return errors.New(`the required "id" is missing`)
	}
	return nil
}
