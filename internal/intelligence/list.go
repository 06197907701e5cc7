package intelligence

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"time"
)

// ListFilter holds the filters of ListConversations. Zero values are not sent.
type ListFilter struct {
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

// ListOptions controls how a listing is fetched.
type ListOptions struct {
	// PageSize is the pageSize sent on every page; 0 means MaxPageSize.
	PageSize int
	// MaxResults stops the listing after this many conversations; 0 means all. A smaller
	// cap also lowers the page size, so a cap of 10 costs one request for 10 items.
	MaxResults int
	// Workers bounds how many date windows are fetched at once; 0 means the client's.
	Workers int
}

// ListResult is a collected listing.
type ListResult struct {
	Conversations []Conversation
	// Truncated is true when MaxResults stopped the listing before the API had said it
	// was done (an item past the cap, a further page, or an unread date window), so more
	// conversations may match.
	Truncated bool
	// Pages is how many pages were read (retries not counted).
	Pages int
}

// Validate checks what the API would reject, so that it fails before any request.
func (f ListFilter) Validate() error {
	if !f.CreatedAtAfter.IsZero() && !f.CreatedAtBefore.IsZero() && f.CreatedAtAfter.After(f.CreatedAtBefore) {
		return fmt.Errorf("createdAtAfter (%s) is later than createdAtBefore (%s)",
			formatTime(f.CreatedAtAfter), formatTime(f.CreatedAtBefore))
	}
	return nil
}

func (o ListOptions) validate() error {
	if o.PageSize < 0 || o.PageSize > MaxPageSize {
		return fmt.Errorf("page size %d is outside 1..%d", o.PageSize, MaxPageSize)
	}
	if o.MaxResults < 0 {
		return fmt.Errorf("max results %d is negative", o.MaxResults)
	}
	return nil
}

// pageSize is the page size every request of a listing carries: the largest the caller
// allows, lowered to the cap when the cap is smaller, and the same on every page because
// the API's page tokens belong to the exact query they were issued for.
func (o ListOptions) pageSize() int {
	size := o.PageSize
	if size == 0 {
		size = MaxPageSize
	}
	if o.MaxResults > 0 {
		size = min(size, o.MaxResults)
	}
	return size
}

// Values encodes the filters as the API's query parameters, without paging (pageSize,
// pageToken). Arrays are repeated keys, as the spec's form style asks; zero values are
// left out.
func (f ListFilter) Values() url.Values {
	q := url.Values{}
	if !f.CreatedAtAfter.IsZero() {
		q.Set("createdAtAfter", formatTime(f.CreatedAtAfter))
	}
	if !f.CreatedAtBefore.IsZero() {
		q.Set("createdAtBefore", formatTime(f.CreatedAtBefore))
	}
	set := func(key, v string) {
		if v != "" {
			q.Set(key, v)
		}
	}
	set("status", f.Status)
	set("channelId", f.ChannelID)
	set("conversationConfigurationId", f.ConversationConfigurationID)
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

// query encodes the filter and page size; pageToken is added per page.
func (f ListFilter) query(pageSize int) url.Values {
	q := f.Values()
	q.Set("pageSize", strconv.Itoa(pageSize))
	return q
}

// formatTime writes a timestamp the way the API documents them: RFC 3339 in UTC with Z.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// List streams the conversations that match f, page by page, in API order, without
// duplicates. Breaking out of the loop stops the listing; an error ends it. A filter
// whose date range is wider than MaxWindow is fetched as several windows (see splitWindows).
func (c *Client) List(ctx context.Context, f ListFilter, opts ListOptions) iter.Seq2[Conversation, error] {
	return func(yield func(Conversation, error) bool) {
		l := &listing{client: c, filter: f, opts: opts}
		stopped := false
		_, err := l.run(ctx, func(conv *Conversation) bool {
			if !yield(*conv, nil) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil && !stopped {
			yield(Conversation{}, err)
		}
	}
}

// Collect gathers up to opts.MaxResults conversations (all when 0) and says whether the
// cap cut the listing short.
func (c *Client) Collect(ctx context.Context, f ListFilter, opts ListOptions) (*ListResult, error) {
	l := &listing{client: c, filter: f, opts: opts}
	// Growing one slice by doubling would copy each conversation twice more on average and
	// leave every outgrown array as garbage; page-sized chunks are copied once, at the end,
	// into a slice of the exact size.
	size := opts.pageSize()
	var chunks [][]Conversation
	chunk := make([]Conversation, 0, size)
	truncated, err := l.run(ctx, func(conv *Conversation) bool {
		if len(chunk) == cap(chunk) {
			chunks = append(chunks, chunk)
			chunk = make([]Conversation, 0, size)
		}
		chunk = append(chunk, *conv)
		return true
	})
	if err != nil {
		return nil, err
	}
	chunks = append(chunks, chunk)
	total := 0
	for _, ch := range chunks {
		total += len(ch)
	}
	res := &ListResult{Conversations: make([]Conversation, 0, total), Truncated: truncated, Pages: int(l.pages.Load())}
	for _, ch := range chunks {
		res.Conversations = append(res.Conversations, ch...)
	}
	return res, nil
}
