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
		c.Name = ptr(g.name(channels[0]))
	}
	if !g.chance(5) {
		c.IntelligenceConfigurationIDs = pickN(g, IntelligenceConfigurationIDs, 1+rng.IntN(2))
	}
	c.Participants = g.participants(channels[0], created)
	c.Communications = g.communications(c.Participants, created, updated)
	return conversation{Conversation: c, created: created, operators: []string{}}
}

// channelID returns an id of the resource behind ch: Twilio SIDs where Twilio owns the
// resource, an RFC 5322 Message-ID for email. Message-IDs contain + / = < > @, which a
// client must escape when it filters on channelId.
func (g *generator) channelID(ch string, created time.Time) string {
	switch ch {
	case "EMAIL":
		return fmt.Sprintf("<CA+%s/%s=@mail.example.com>", created.Format("20060102150405"), hexID("", g.rng)[:12])
	case "VOICE":
		return hexID("CA", g.rng)
	case "SMS", "WHATSAPP":
		return hexID("SM", g.rng)
	case "RCS":
		return hexID("MM", g.rng)
	case "CHAT":
		return hexID("CH", g.rng)
	case "API":
		return hexID("RQ", g.rng)
	}
	return hexID("SY", g.rng)
}

var conversationNames = map[string][]string{
	"VOICE":    {"Customer Support Call - Order #%d", "Inbound call about invoice %d", "Llamada de soporte – pedido #%d"},
	"SMS":      {"SMS thread - appointment #%d", "Delivery update replies (%d)"},
	"RCS":      {"RCS promo replies #%d", "RCS order card conversation %d"},
	"EMAIL":    {"Re: Invoice INV-%d", "Fwd: \"Urgent\" refund request #%d", "Réclamation – colis endommagé n°%d"},
	"WHATSAPP": {"Sales Inquiry - WhatsApp #%d", "WhatsApp: ¿Dónde está mi pedido? #%d", "WhatsApp 订单查询 %d"},
	"CHAT":     {"Web chat - billing #%d", "配送状況のお問い合わせ #%d", "Chat: can't log in (ticket %d)"},
	"API":      {"Imported transcript %d", "CRM sync conversation %d"},
	"SYSTEM":   {"QA sample %d", "System conversation %d"},
}

func (g *generator) name(channel string) string {
	if g.chance(2) {
		return "" // a name that is set but empty is not the same as a null one
	}
	return fmt.Sprintf(pick(g, conversationNames[channel]), 10000+g.rng.IntN(90000))
}

var (
	customerNames = []string{
		"John Customer", "María José García", "Zoë Lefèvre", "Siobhán O'Brien", "李娜", "Łukasz Wójcik",
		"Nguyễn Văn An", "Fatima Al-Sayed", "Jean-Luc \"JL\" Picard", "Björk Guðmundsdóttir", "佐藤 花子",
	}
	agentNames = []string{"Sarah Agent", "Marcus (Tier 2)", "Priya Patel", "Chloé Martin"}
	botNames   = []string{"AI Sales Assistant", "Support Bot", "Billing Bot 🤖"}
	countries  = []string{"+1555", "+1555", "+4420", "+3491", "+813"}
)

func (g *generator) phone() string {
	return fmt.Sprintf("%s%07d", pick(g, countries), g.rng.IntN(10_000_000))
}

func slug(name string) string {
	s := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, strings.ToLower(name))
	if s == "" {
		return "user"
	}
	return s
}

// customerAddress is how the customer is reached on the conversation's main channel.
func (g *generator) customerAddress(channel, name string) []string {
	switch channel {
	case "VOICE", "SMS":
		return []string{g.phone()}
	case "WHATSAPP":
		return []string{"whatsapp:" + g.phone()}
	case "RCS":
		return []string{"rcs:" + g.phone()}
	case "EMAIL":
		return []string{fmt.Sprintf("%s.%d@example.com", slug(name), g.rng.IntN(100))}
	case "CHAT":
		return []string{fmt.Sprintf("client:%s_%d", slug(name), g.rng.IntN(1000))}
	}
	if g.chance(50) { // API, SYSTEM: often nobody addressable at all
		return []string{}
	}
	return []string{fmt.Sprintf("external:%06d", g.rng.IntN(1_000_000))}
}

func (g *generator) participants(channel string, created time.Time) []intelligence.Participant {
	name := pick(g, customerNames)
	customer := intelligence.Participant{
		ID:            ttid("conv_participant_", created, g.rng),
		Name:          ptr(name),
		Type:          ptr("CUSTOMER"),
		AddressValues: g.customerAddress(channel, name),
	}
	switch {
	case g.chance(8):
		customer.Name = nil
	case g.chance(5):
		customer.Type = nil
	case g.chance(5):
		customer.Type = ptr("UNKNOWN")
	}
	ps := []intelligence.Participant{customer}
	for range g.rng.IntN(3) {
		p := intelligence.Participant{ID: ttid("conv_participant_", created, g.rng)}
		switch r := g.rng.IntN(10); {
		case r < 5:
			n := pick(g, agentNames)
			p.Name, p.Type, p.AddressValues = ptr(n), ptr("HUMAN_AGENT"), []string{"agent-" + slug(n) + "@example.com"}
		case r < 8:
			n := pick(g, botNames)
			p.Name, p.Type, p.AddressValues = ptr(n), ptr("AI_AGENT"), []string{"bot-" + slug(n) + "@example.com"}
		default:
			p.Name, p.Type, p.AddressValues = ptr(pick(g, agentNames)), ptr("AGENT"), []string{g.phone()}
		}
		if g.chance(10) {
			p.Name = nil
		}
		if g.chance(5) {
			p.Type = nil
		}
		ps = append(ps, p)
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
		result = map[string]string{"label": pick(g, labels)}
	case "TEXT":
		result = map[string]string{"text": pick(g, summaries)}
	case "EXTRACTION":
		found := []map[string]string{}
		for range g.rng.IntN(4) {
			e := pick(g, entities)
			found = append(found, map[string]string{"text": e[0], "label": e[1]})
		}
		result = map[string]any{"entities": found}
	default: // JSON, with the Script Adherence operator's schema
		var params struct{ Scale *int }
		_ = json.Unmarshal(op.Parameters, &params)
		result = map[string]any{"score": g.rng.IntN(*cmp.Or(params.Scale, ptr(5)) + 1), "explanation": pick(g, explanations)}
	}

	participants := make([]map[string]string, len(c.Participants))
	for i, p := range c.Participants {
		participants[i] = map[string]string{"id": p.ID}
		if p.Type != nil {
			participants[i]["type"] = *p.Type
		}
	}
	details := map[string]any{
		"trigger":        map[string]string{"on": on, "timestamp": stamp(at)},
		"communications": map[string]string{"first": comms[0].ID, "last": comms[len(comms)-1].ID},
		"channels":       c.Channels,
		"participants":   participants,
	}
	var context struct{ Memory struct{ Enabled bool } }
	if json.Unmarshal(rule.Context, &context) == nil && context.Memory.Enabled {
		profile := ttid("mem_profile_", created, g.rng)
		participants[0]["profileId"] = profile
		details["resolvedContext"] = map[string]any{"memory": map[string]string{
			"profileId": profile, "memoryStoreId": "mem_store_01jq3v9x1c8d2m4n6p8r0t2w4y",
		}}
	}
	input := 0
	for _, m := range comms {
		if m.Content.Text != nil {
			input += len(*m.Content.Text)
		}
	}
	value := mustJSON(result)
	system := map[string]any{"latencyMs": 150 + g.rng.IntN(4000), "inputCharacters": input, "outputCharacters": len(value), "inputTruncated": g.chance(3)}
	if !g.chance(10) {
		system["resolvedModel"] = pick(g, models)
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
		IntelligenceConfiguration: &intelligence.IntelligenceConfigRef{ID: &cfg.ID, RuleID: rule.ID, Version: cfg.Version},
		Operator:                  &intelligence.OperatorRef{ID: op.ID, Version: op.Version, Parameters: op.Parameters},
		ReferenceIDs:              refs,
		Result:                    value,
		ExecutionDetails:          mustJSON(details),
		Metadata:                  mustJSON(map[string]any{"system": system}),
	}
}
