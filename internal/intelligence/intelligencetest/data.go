package intelligencetest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// seed fills the server with the seeded data set. Everything derives from the options:
// the control plane (operators, their versions, configurations) is fixed, dated before
// the oldest conversation; conversations and their operator results come from one random
// stream seeded by o.Seed. Nothing reads the clock, so the same options give the same
// bytes.
func (s *Server) seed(o Options) {
	g := &generator{rng: rand.New(rand.NewPCG(uint64(o.Seed), 0x1e57da7a)), formats: map[string]string{}} //nolint:gosec // test data, not secrets
	g.configs = s.seedControlPlane(o.Newest.Add(-o.Span-400*24*time.Hour), g.formats)

	convs := make([]*entry[conversation], 0, o.Conversations)
	var results []*entry[intelligence.OperatorResult]
	spanSeconds := int64(o.Span / time.Second)
	var created time.Time
	for i := range o.Conversations {
		switch {
		case i == 0: // the newest conversation is exactly at Newest
			created = o.Newest
		case i == o.Conversations-1: // and the oldest exactly at Newest-Span, for boundary tests
			created = o.Newest.Add(-o.Span)
		case g.chance(3): // same second as the one before: exercises the id tie-break
		default:
			created = o.Newest.Add(-time.Duration(g.rng.Int64N(spanSeconds+1)) * time.Second)
		}
		c := g.conversation(created.UTC())
		for _, r := range g.results(&c) {
			results = append(results, &entry[intelligence.OperatorResult]{id: r.ID, key: unixNano(mustTime(*r.DateCreated)), v: r})
		}
		convs = append(convs, &entry[conversation]{id: c.ID, key: unixNano(c.created), v: c})
	}
	s.conversations.seed(convs)
	s.results.seed(results)
}

type generator struct {
	rng     *rand.Rand
	configs map[string]*intelligence.Configuration
	formats map[string]string // operator id -> outputFormat
}

// chance reports true percent% of the time.
func (g *generator) chance(percent int) bool { return g.rng.IntN(100) < percent }

func pick[T any](g *generator, from []T) T { return from[g.rng.IntN(len(from))] }

// pickN returns n distinct elements of from, in pool order (so the output does not depend
// on the order they were drawn in).
func pickN[T any](g *generator, from []T, n int) []T {
	idx := g.rng.Perm(len(from))[:n]
	slices.Sort(idx)
	out := make([]T, n)
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic("intelligencetest: " + err.Error())
	}
	return t
}

func mustJSON(v any) jsontext.Value {
	b, err := marshal(v)
	if err != nil {
		panic("intelligencetest: " + err.Error())
	}
	return b
}

// crockford is the lower-case Crockford base32 alphabet Twilio's TTIDs use. It is a subset
// of the spec's [0-9a-z], so a TTID built from it always matches the patterns.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// ttid returns prefix followed by a 26-character ULID-like suffix: 48 bits of the time in
// milliseconds, then 80 random bits. 128 bits in 26 base32 digits leave 3 bits for the
// first digit, which is why the spec's patterns start with [0-7]. Encoding the time makes
// ids created together share a prefix, as real ones do.
func ttid(prefix string, t time.Time, rng *rand.Rand) string {
	ms := uint64(t.UnixMilli()) & (1<<48 - 1) //nolint:gosec // masked to 48 bits: wrap-around is intended
	hi, lo := ms<<16|rng.Uint64()>>48, rng.Uint64()
	var digits [26]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return prefix + string(digits[:])
}

// hexID returns prefix followed by 32 lower-case hex digits: the shape of classic Twilio
// SIDs (CA for calls, SM for messages...).
func hexID(prefix string, rng *rand.Rand) string {
	return fmt.Sprintf("%s%016x%016x", prefix, rng.Uint64(), rng.Uint64())
}

// conversation makes one conversation created at created, communications included.
func (g *generator) conversation(created time.Time) conversation {
	rng := g.rng
	updated := created.Add(time.Duration(30+rng.IntN(4*3600)) * time.Second)
	status := "CLOSED" // most conversations in a history are over
	switch r := rng.IntN(100); {
	case r < 25:
		status = "ACTIVE"
	case r < 45:
		status = "INACTIVE"
	}

	channels := []string{pick(g, intelligence.Channels)}
	if g.chance(15) { // escalations: a chat that became a call, an SMS followed up by email
		if other := pick(g, intelligence.Channels); other != channels[0] {
			channels = append(channels, other)
		}
	}
	channelIDs := []string{}
	for _, ch := range channels {
		n := 1
		if slices.Contains([]string{"SMS", "RCS", "WHATSAPP", "EMAIL"}, ch) {
			n += rng.IntN(3) // one id per message
		}
		for range n {
			channelIDs = append(channelIDs, g.channelID(ch, created))
		}
	}

	c := intelligence.Conversation{
		ID:                           ttid("conv_conversation_", created, rng),
		Status:                       status,
		CreatedAt:                    stamp(created),
		UpdatedAt:                    stamp(updated),
		IntelligenceConfigurationIDs: []string{},
		ConversationConfigurationID:  pick(g, ConversationConfigurationIDs),
		Channels:                     channels,
		ChannelIDs:                   channelIDs,
		OperatorResultIDs:            []string{},
	}
	if !g.chance(4) {
		c.AccountID = ptr(TestAccountSID)
	}
	if !g.chance(10) {
		c.Name = ptr(g.name())
	}
	if !g.chance(5) {
		c.IntelligenceConfigurationIDs = pickN(g, IntelligenceConfigurationIDs, 1+rng.IntN(2))
	}
	c.Participants = g.participants(channels[0], created)
	c.Communications = g.communications(c.Participants, created, updated)
	return conversation{Conversation: c, created: created, operators: []string{}}
}

// sidPrefixes are the Twilio SID prefixes of the resources behind each channel. Email's
// ids are RFC 5322 Message-IDs instead, with + / = < > @ that a client must escape when
// it filters on channelId.
var sidPrefixes = map[string]string{"VOICE": "CA", "SMS": "SM", "WHATSAPP": "SM", "RCS": "MM", "CHAT": "CH", "API": "RQ", "SYSTEM": "SY"}

func (g *generator) channelID(ch string, created time.Time) string {
	if ch == "EMAIL" {
		return fmt.Sprintf("<CA+%s/%s=@mail.example.com>", created.Format("20060102150405"), hexID("", g.rng)[:12])
	}
	return hexID(sidPrefixes[ch], g.rng)
}

var (
	conversationNames = []string{
		"Customer Support Call - Order #%d", "Re: Invoice INV-%d", "Fwd: \"Urgent\" refund request #%d", "QA sample %d",
		"WhatsApp: ¿Dónde está mi pedido? #%d", "配送状況のお問い合わせ #%d", "Réclamation – colis endommagé n°%d",
	}
	customerNames = []string{
		"John Customer", "María José García", "Zoë Lefèvre", "Siobhán O'Brien", "李娜", "Łukasz Wójcik",
		"Nguyễn Văn An", "Fatima Al-Sayed", "Jean-Luc \"JL\" Picard", "Björk Guðmundsdóttir", "佐藤 花子",
	}
	others = []struct{ name, kind string }{
		{"Sarah Agent", "HUMAN_AGENT"}, {"Marcus (Tier 2)", "HUMAN_AGENT"}, {"Chloé Martin", "HUMAN_AGENT"},
		{"Support Bot", "AI_AGENT"}, {"Billing Bot 🤖", "AI_AGENT"}, {"Priya Patel", "AGENT"},
	}
	countries = []string{"+1555", "+1555", "+4420", "+3491", "+813"}
)

// name is a conversation's name: sometimes set but empty, which is not the same as null.
func (g *generator) name() string {
	if g.chance(2) {
		return ""
	}
	return fmt.Sprintf(pick(g, conversationNames), 10000+g.rng.IntN(90000))
}

// address is how a customer is reached on a channel: phone numbers, with a prefix on
// some channels, and addresses; nobody addressable on API and SYSTEM.
func (g *generator) address(channel, name string) []string {
	phone := fmt.Sprintf("%s%07d", pick(g, countries), g.rng.IntN(10_000_000))
	switch channel {
	case "VOICE", "SMS":
		return []string{phone}
	case "WHATSAPP", "RCS":
		return []string{strings.ToLower(channel) + ":" + phone}
	case "EMAIL", "CHAT":
		return []string{fmt.Sprintf("%s.%d@example.com", slug(name), g.rng.IntN(100))}
	}
	return []string{}
}

func slug(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 'a' || r > 'z' {
			return -1
		}
		return r
	}, strings.ToLower(name)) + "x"
}

// participants are a customer and up to two agents or bots, with null names and types.
func (g *generator) participants(channel string, created time.Time) []intelligence.Participant {
	name := pick(g, customerNames)
	ps := []intelligence.Participant{{
		ID: ttid("conv_participant_", created, g.rng), Name: ptr(name), Type: ptr("CUSTOMER"), AddressValues: g.address(channel, name),
	}}
	for range g.rng.IntN(3) {
		o := pick(g, others)
		ps = append(ps, intelligence.Participant{
			ID: ttid("conv_participant_", created, g.rng), Name: ptr(o.name), Type: ptr(o.kind),
			AddressValues: []string{"agent-" + slug(o.name) + "@example.com"},
		})
	}
	for i := range ps {
		switch r := g.rng.IntN(100); {
		case r < 8:
			ps[i].Name = nil
		case r < 13:
			ps[i].Type = nil
		case r < 16:
			ps[i].Type = ptr("UNKNOWN")
		}
	}
	return ps
}

// texts are what people say: plain, accented, CJK, RTL, emoji (including ZWJ sequences
// and flags), quotes, backslashes, control characters and markup, so that a client's
// decoding and the provider's state round-trip are tested on more than ASCII.
var texts = []string{
	"Thank you for calling customer support. How can I help you today?",
	"Hi, I need help tracking my order #12345.",
	"I'd be happy to help you with that. Let me look up your order.",
	"¿Dónde está mi pedido? 📦",
	"我的订单什么时候到？",
	"مرحبا، أحتاج إلى مساعدة في فاتورتي",
	"He said \"it's fine\" — but it isn't.",
	"Line one\nLine two\n\tindented line three",
	"<b>not html</b> & other \"special\" chars: \\ / \u2028 end",
	"Zoë's refund: €42.50 → approved ✅",
	"Cafe\u0301 with a combining accent, 👩‍💻 and 🇺🇸",
	"OK",
	"   ",
}

// communications makes a conversation's communications, in time order, between its
// creation and its last update; none for some.
func (g *generator) communications(ps []intelligence.Participant, created, updated time.Time) []intelligence.Communication {
	n := 0
	if !g.chance(12) {
		n = 1 + g.rng.IntN(6)
	}
	offsets := make([]int64, n)
	for i := range offsets {
		offsets[i] = g.rng.Int64N(int64(updated.Sub(created)/time.Second) + 1)
	}
	slices.Sort(offsets)
	cs := make([]intelligence.Communication, n)
	for i := range cs {
		at := created.Add(time.Duration(offsets[i]) * time.Second)
		var text *string
		switch {
		case g.chance(5): // no transcript: the spec lets content.text be absent
		case g.chance(5):
			text = ptr("")
		default:
			text = ptr(pick(g, texts))
		}
		cs[i] = intelligence.Communication{
			ID:            ttid("conv_communication_", at, g.rng),
			ParticipantID: ps[i%len(ps)].ID,
			Content:       intelligence.Content{Text: text},
			CreatedAt:     stamp(at),
		}
		if g.chance(30) { // not strictly alternating turns
			cs[i].ParticipantID = pick(g, ps).ID
		}
	}
	return cs
}

var (
	labels    = []string{"POSITIVE", "NEUTRAL", "NEGATIVE"}
	summaries = []string{
		"The customer asked where order #12345 is; the agent confirmed it ships tomorrow.",
		"Billing question about a duplicate charge. A refund of €42.50 was approved.",
		"El cliente pidió cambiar la dirección de entrega; el agente lo actualizó.",
		"Customer could not log in. Password reset sent; issue resolved on the call.",
		"配送日の変更を依頼。担当者が翌週の火曜日に変更した。",
	}
	entities = [][2]string{
		{"#12345", "ORDER_NUMBER"}, {"INV-20931", "ORDER_NUMBER"}, {"Dublin", "LOCATION"}, {"next Tuesday", "DATE"},
		{"€42.50", "AMOUNT"}, {"naïve café blend", "PRODUCT"}, {"東京", "LOCATION"},
	}
	explanations = []string{
		"The agent followed the script closely and addressed all key points effectively.",
		"The greeting was skipped and the agent did not confirm the customer's identity.",
		"Most steps were followed, but the closing summary was missing.",
	}
	models = []string{"intelligence-llm-2026-03", "intelligence-llm-2026-07-mini"}
)

// results runs the operators of c's configurations' rules on it and returns their
// results. It sets c.OperatorResultIDs and c.operators to match: each operator runs at
// most once per conversation, and none runs on a conversation without communications.
func (g *generator) results(c *conversation) []intelligence.OperatorResult {
	if len(c.Communications) == 0 {
		return nil
	}
	var out []intelligence.OperatorResult
	for _, id := range c.IntelligenceConfigurationIDs {
		cfg := g.configs[id]
		for ri := range cfg.Rules {
			for oi := range cfg.Rules[ri].Operators {
				op := &cfg.Rules[ri].Operators[oi]
				if slices.Contains(c.operators, *op.ID) || g.chance(15) {
					continue
				}
				r := g.result(c, cfg, &cfg.Rules[ri], op)
				c.operators = append(c.operators, *op.ID)
				c.OperatorResultIDs = append(c.OperatorResultIDs, r.ID)
				out = append(out, r)
			}
		}
	}
	return out
}

func (g *generator) result(c *conversation, cfg *intelligence.Configuration, rule *intelligence.Rule, op *intelligence.RuleOperator) intelligence.OperatorResult {
	comms := c.Communications
	on := *rule.Triggers[0].On
	at := mustTime(c.UpdatedAt) // the conversation ended or went quiet
	if on == "COMMUNICATION" {
		at = mustTime(comms[len(comms)-1].CreatedAt)
	}
	created := at.Add(time.Duration(1000+g.rng.IntN(20_000)) * time.Millisecond)

	format := g.formats[*op.ID]
	var result any
	switch format {
	case "CLASSIFICATION":
		result = struct {
			Label string `json:"label"`
		}{pick(g, labels)}
	case "TEXT":
		result = struct {
			Text string `json:"text"`
		}{pick(g, summaries)}
	case "EXTRACTION":
		found := []intelligence.Entity{}
		for range g.rng.IntN(4) {
			e := pick(g, entities)
			found = append(found, intelligence.Entity{Text: &e[0], Label: &e[1]})
		}
		result = struct {
			Entities []intelligence.Entity `json:"entities"`
		}{found}
	default: // JSON, with the Script Adherence operator's schema
		var params struct{ Scale *int }
		_ = json.Unmarshal(op.Parameters, &params)
		result = struct {
			Score       int    `json:"score"`
			Explanation string `json:"explanation"`
		}{g.rng.IntN(*cmp.Or(params.Scale, ptr(5)) + 1), pick(g, explanations)}
	}

	var details executionDetails
	details.Trigger.On, details.Trigger.Timestamp = on, stamp(at)
	details.Communications.First, details.Communications.Last = comms[0].ID, comms[len(comms)-1].ID
	details.Channels = c.Channels
	for _, p := range c.Participants {
		details.Participants = append(details.Participants, participantRef{ID: p.ID, Type: p.Type})
	}
	var context struct{ Memory struct{ Enabled bool } }
	if json.Unmarshal(rule.Context, &context) == nil && context.Memory.Enabled {
		details.Participants[0].ProfileID = ttid("mem_profile_", created, g.rng)
		details.ResolvedContext = &resolvedContext{}
		details.ResolvedContext.Memory.ProfileID = details.Participants[0].ProfileID
		details.ResolvedContext.Memory.MemoryStoreID = "mem_store_01jq3v9x1c8d2m4n6p8r0t2w4y"
	}
	var meta metadata
	value := mustJSON(result)
	meta.System.LatencyMS, meta.System.OutputCharacters, meta.System.InputTruncated = 150+g.rng.IntN(4000), len(value), g.chance(3)
	for _, m := range comms {
		if m.Content.Text != nil {
			meta.System.InputCharacters += len(*m.Content.Text)
		}
	}
	if !g.chance(10) {
		meta.System.ResolvedModel = pick(g, models)
	}
	refs := []string{comms[0].ID}
	switch {
	case g.chance(10):
		refs = []string{}
	case g.chance(30):
		refs = append(refs, c.Participants[0].ID)
	}
	return intelligence.OperatorResult{
		ID:                        ttid("intelligence_operatorresult_", created, g.rng),
		AccountID:                 ptr(TestAccountSID),
		OutputFormat:              ptr(format),
		ConversationID:            ptr(c.ID),
		DateCreated:               ptr(stamp(created)),
		IntelligenceConfiguration: &intelligence.ConfigRef{ID: &cfg.ID, RuleID: rule.ID, Version: cfg.Version},
		Operator:                  &intelligence.OperatorRef{ID: op.ID, Version: op.Version, Parameters: op.Parameters},
		ReferenceIDs:              refs,
		Result:                    value,
		ExecutionDetails:          mustJSON(details),
		Metadata:                  mustJSON(meta),
	}
}

// The free-form objects of a seeded operator result, as the spec describes them (typed:
// maps encode several times slower, and there are 190,000 of them per 100,000
// conversations).
type (
	executionDetails struct {
		Trigger struct {
			On        string `json:"on"`
			Timestamp string `json:"timestamp"`
		} `json:"trigger"`
		Communications struct {
			First string `json:"first"`
			Last  string `json:"last"`
		} `json:"communications"`
		Channels        []string         `json:"channels"`
		Participants    []participantRef `json:"participants"`
		ResolvedContext *resolvedContext `json:"resolvedContext,omitempty"`
	}
	participantRef struct {
		ID        string  `json:"id"`
		ProfileID string  `json:"profileId,omitempty"`
		Type      *string `json:"type,omitempty"`
	}
	resolvedContext struct {
		Memory struct {
			ProfileID     string `json:"profileId"`
			MemoryStoreID string `json:"memoryStoreId"`
		} `json:"memory"`
	}
	metadata struct {
		System struct {
			ResolvedModel    string `json:"resolvedModel,omitempty"`
			LatencyMS        int    `json:"latencyMs"`
			InputCharacters  int    `json:"inputCharacters"`
			OutputCharacters int    `json:"outputCharacters"`
			InputTruncated   bool   `json:"inputTruncated"`
		} `json:"system"`
	}
)
