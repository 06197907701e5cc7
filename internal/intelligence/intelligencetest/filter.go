package intelligencetest

import (
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// Query parameter names of ListConversations.
const (
	pPageSize                     = "pageSize"
	pPageToken                    = "pageToken"
	pCreatedAtBefore              = "createdAtBefore"
	pCreatedAtAfter               = "createdAtAfter"
	pStatus                       = "status"
	pChannelID                    = "channelId"
	pChannels                     = "channels"
	pConversationConfigurationID  = "conversationConfigurationId"
	pIntelligenceConfigurationIDs = "intelligenceConfigurationIds"
	pOperatorIDs                  = "operatorIds"
)

// listParams says, for each parameter the spec defines, whether it is an array (sent as
// repeated keys, the spec's default form/explode style). Anything else is refused: the
// real API's behavior for unknown parameters is undocumented, and a typo silently
// ignored would return unfiltered data.
var listParams = map[string]bool{
	pPageSize: false, pPageToken: false, pCreatedAtBefore: false, pCreatedAtAfter: false,
	pStatus: false, pChannelID: false, pChannels: true, pConversationConfigurationID: false,
	pIntelligenceConfigurationIDs: true, pOperatorIDs: true,
}

// filter is a validated ListConversations filter. Arrays are sorted and de-duplicated and
// times are instants, so that equivalent queries share a canonical key.
type filter struct {
	after, before       int64 // Unix nanoseconds; exclusive bounds
	hasAfter, hasBefore bool
	status              string
	channelID           string
	channels            uint8 // bit i for intelligence.Channels[i]
	convConfig          string
	intelConfigs        []string
	operators           []string
}

// listQuery is a validated ListConversations request.
type listQuery struct {
	filter   filter
	pageSize int
	token    string // as received (already URL-decoded), "" on the first page
}

// parseListQuery validates q the way the API does and reports the first problem as a 400
// naming the parameter. Parameters are examined in name order so the answer to a query
// with several problems is stable.
func parseListQuery(q url.Values) (*listQuery, *apiError) {
	lq := &listQuery{pageSize: intelligence.DefaultAPIPageSize}
	f := &lq.filter
	var after, before time.Time
	for _, name := range sortedKeys(q) {
		vals := q[name]
		isArray, known := listParams[name]
		switch {
		case !known:
			return nil, badParam(name, "unknown query parameter")
		case !isArray && len(vals) > 1:
			return nil, badParam(name, "given %d times; it takes a single value", len(vals))
		}
		for _, v := range vals {
			if v == "" {
				return nil, badParam(name, "must not be empty")
			}
		}
		v := vals[0]
		var err *apiError
		switch name {
		case pPageSize:
			lq.pageSize, err = parsePageSize(v)
		case pPageToken:
			lq.token = v
		case pCreatedAtAfter:
			after, err = parseTime(name, v)
			f.after, f.hasAfter = unixNano(after), true
		case pCreatedAtBefore:
			before, err = parseTime(name, v)
			f.before, f.hasBefore = unixNano(before), true
		case pStatus:
			if !slices.Contains(intelligence.Statuses, v) {
				err = badParam(name, "%q is not one of %s", v, strings.Join(intelligence.Statuses, ", "))
			}
			f.status = v
		case pChannelID:
			f.channelID = v
		case pConversationConfigurationID:
			f.convConfig = v
		case pChannels:
			f.channels, err = parseChannels(vals)
		case pIntelligenceConfigurationIDs:
			f.intelConfigs, err = parseIDs(name, vals, intelligence.IntelligenceConfigurationIDPattern)
		case pOperatorIDs:
			f.operators, err = parseIDs(name, vals, intelligence.OperatorIDPattern)
		}
		if err != nil {
			return nil, err
		}
	}
	if f.hasAfter && f.hasBefore {
		switch {
		case after.After(before):
			return nil, badParam(pCreatedAtAfter, "must not be later than createdAtBefore")
		case before.Sub(after) > intelligence.MaxWindow:
			return nil, badParam(pCreatedAtBefore, "the range from createdAtAfter to createdAtBefore must not exceed 31 days")
		}
	}
	return lq, nil
}

func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func parsePageSize(v string) (int, *apiError) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > intelligence.MaxPageSize {
		return 0, badParam(pPageSize, "must be an integer from 1 to %d, got %q", intelligence.MaxPageSize, v)
	}
	return n, nil
}

// parseTime accepts RFC 3339 date-times with a zone, which is what the spec's date-time
// format means; a date alone or a local time is ambiguous and refused.
func parseTime(name, v string) (time.Time, *apiError) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, badParam(name, "must be an RFC 3339 date-time with a time zone, such as 2026-01-15T10:30:00Z, got %q", v)
	}
	return t, nil
}

// unixNano is t.UnixNano clamped to what an int64 can hold, so that a bound in year 1 or
// 9999 still compares correctly with every conversation instead of wrapping around.
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}

func parseChannels(vals []string) (uint8, *apiError) {
	var mask uint8
	for _, v := range vals {
		i := slices.Index(intelligence.Channels, v)
		if i < 0 {
			return 0, badParam(pChannels, "%q is not one of %s (send several channels as repeated keys)", v, strings.Join(intelligence.Channels, ", "))
		}
		mask |= 1 << i
	}
	return mask, nil
}

func parseIDs(name string, vals []string, pattern *regexp.Regexp) ([]string, *apiError) {
	for _, v := range vals {
		if !pattern.MatchString(v) {
			return nil, badParam(name, "%q does not match %s", v, pattern)
		}
	}
	ids := slices.Clone(vals)
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// key is the canonical form of f: equal for filters that select the same conversations
// however they were spelled (order of repeated keys, time zone of the bounds).
func (f *filter) key() string {
	var b strings.Builder
	if f.hasAfter {
		b.WriteString("after=" + strconv.FormatInt(f.after, 10) + ";")
	}
	if f.hasBefore {
		b.WriteString("before=" + strconv.FormatInt(f.before, 10) + ";")
	}
	b.WriteString("status=" + f.status + ";channels=" + strconv.Itoa(int(f.channels)) + ";")
	b.WriteString("channelId=" + strconv.Quote(f.channelID) + ";convConfig=" + strconv.Quote(f.convConfig) + ";")
	b.WriteString("intelConfigs=" + strings.Join(f.intelConfigs, ",") + ";operators=" + strings.Join(f.operators, ","))
	return b.String()
}

// apply returns the positions in recs (which are in API order, so createdAt descending)
// of the conversations f selects. The time bounds become a binary-searched range first.
func (f *filter) apply(recs []*record) []int {
	lo, hi := 0, len(recs)
	if f.hasBefore { // createdAt strictly before: skip the newer ones
		lo = sort.Search(len(recs), func(i int) bool { return recs[i].created < f.before })
	}
	if f.hasAfter { // createdAt strictly after: stop at the first one not newer
		hi = sort.Search(len(recs), func(i int) bool { return recs[i].created <= f.after })
	}
	idx := make([]int, 0, max(hi-lo, 0))
	for i := lo; i < hi; i++ {
		if f.match(recs[i]) {
			idx = append(idx, i)
		}
	}
	return idx
}

// match applies everything but the time bounds. Filters AND together; the arrays match
// when any listed value does, as the spec's "(OR match)" says.
func (f *filter) match(r *record) bool {
	switch {
	case f.status != "" && r.status != f.status,
		f.channelID != "" && !slices.Contains(r.channelIDs, f.channelID),
		f.channels != 0 && f.channels&r.channels == 0,
		f.convConfig != "" && r.convConfig != f.convConfig,
		f.intelConfigs != nil && !intersects(f.intelConfigs, r.intelConfigs),
		f.operators != nil && !intersects(f.operators, r.operators):
		return false
	}
	return true
}

func intersects(want, have []string) bool {
	for _, h := range have {
		if slices.Contains(want, h) {
			return true
		}
	}
	return false
}
