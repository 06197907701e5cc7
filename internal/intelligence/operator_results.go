package intelligence

import (
	"context"
	"net/url"
)

// OperatorResultFilter holds the filters of ListOperatorResults. Zero values are not
// sent; each set value must match its id pattern.
type OperatorResultFilter struct {
	ConversationID              string
	IntelligenceConfigurationID string
	OperatorID                  string
}

// Validate checks the ids against their patterns, so that a malformed one fails before
// any request.
func (f OperatorResultFilter) Validate() error {
	for _, v := range []struct {
		id    string
		check func(string) error
	}{
		{f.ConversationID, ValidateConversationID},
		{f.IntelligenceConfigurationID, ValidateConfigurationID},
		{f.OperatorID, ValidateOperatorID},
	} {
		if v.id != "" {
			if err := v.check(v.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// Values encodes the filters as the API's query parameters, without paging.
func (f OperatorResultFilter) Values() url.Values {
	q := url.Values{}
	setIfNotEmpty(q, "conversationId", f.ConversationID)
	setIfNotEmpty(q, "intelligenceConfigurationId", f.IntelligenceConfigurationID)
	setIfNotEmpty(q, "operatorId", f.OperatorID)
	return q
}

func (r *OperatorResult) listKey() string { return r.ID }

// ListOperatorResults reads the operator results that match f, in API order.
func (c *Client) ListOperatorResults(ctx context.Context, f OperatorResultFilter, opts ListOptions) (*ListResult[OperatorResult], error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return list[OperatorResult](ctx, c, []string{"v3", "OperatorResults"}, f.Values(), opts)
}

// GetOperatorResult fetches one operator result; one that does not exist is an error
// matching ErrNotFound.
func (c *Client) GetOperatorResult(ctx context.Context, id string) (*OperatorResult, error) {
	if err := ValidateOperatorResultID(id); err != nil {
		return nil, err
	}
	return getItem[OperatorResult](ctx, c, "v3", "OperatorResults", id)
}
