package intelligencetest

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// generate builds the seeded data set, in API order. Everything derives from one random
// stream seeded by o.Seed (communications from per-conversation seeds drawn from it), and
// nothing reads the clock, so the same options always give the same bytes.
func generate(o Options) []*record {
	sum := sha256.Sum256([]byte("intelligencetest data " + strconv.FormatInt(o.Seed, 10)))
	g := &generator{rng: rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))} //nolint:gosec // test data, not secrets

	n := o.Conversations
	recs := make([]*record, 0, n)
	ids := make(map[string]bool, n)
	spanSeconds := int64(o.Span / time.Second)
	var created time.Time
	for i := range n {
		switch {
		case i == 0: // the newest conversation is exactly at Newest
			created = o.Newest
		case i == n-1: // and the oldest exactly at Newest-Span, for boundary tests
			created = o.Newest.Add(-o.Span)
		case g.chance(3): // same second as the one before: exercises the id tie-break
		default:
			created = o.Newest.Add(-time.Duration(g.rng.Int64N(spanSeconds+1)) * time.Second)
		}
		c, ops := g.conversation(created.UTC())
		for ids[c.ID] { // 80 random bits make this practically dead code, but ids must be unique
			c.ID = ttid("conv_conversation_", created, g.rng)
		}
		ids[c.ID] = true
		r, err := buildRecord(c, ops)
		if err != nil {
			panic("intelligencetest: generated an invalid conversation: " + err.Error())
		}
		r.commSeed = [2]uint64{g.rng.Uint64(), g.rng.Uint64()}
		recs = append(recs, r)
	}
	slices.SortFunc(recs, func(a, b *record) int {
		if a.before(b.created, b.id) {
			return -1
		}
		return 1
	})
	return recs
}

type generator struct {
	rng *rand.Rand
}

// chance reports true percent% of the time.
func (g *generator) chance(percent int) bool { return g.rng.IntN(100) < percent }

func pick[T any](g *generator, from []T) T { return from[g.rng.IntN(len(from))] }

// pickN returns n distinct elements of from, in pool order (so the output does not depend
// on the order they were drawn in).
func pickN[T any](g *generator, from []T, n int) []T {
	out := make([]T, 0, n)
	for _, i := range g.rng.Perm(len(from))[:n] {
		out = append(out, from[i])
	}
	return out
}

func ptr(s string) *string { return &s }

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// conversation makes one conversation created at created, and the hidden ids of the
// Language Operators run on it.
func (g *generator) conversation(created time.Time) (intelligence.Conversation, []string) {
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
	var channelIDs []string
	for _, ch := range channels {
		for range 1 + rng.IntN(messagesPerChannel(ch)) {
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
	ops := []string{}
	if !g.chance(10) {
		ops = pickN(g, OperatorIDs, 1+rng.IntN(3))
	}
	c.OperatorResultIDs = make([]string, len(ops))
	for i := range ops {
		c.OperatorResultIDs[i] = ttid("intelligence_operatorresult_", updated, rng)
	}
	c.Participants = g.participants(channels[0], created)
	return c, ops
}

func messagesPerChannel(ch string) int {
	switch ch {
	case "SMS", "RCS", "WHATSAPP", "EMAIL":
		return 3 // one id per message
	default:
		return 1 // one call, one chat session
	}
}

// channelID returns an id of the resource behind ch: Twilio SIDs where Twilio owns the
// resource, an RFC 5322 Message-ID for email. Message-IDs contain + / = < > @, which a
// client must escape when it filters on channelId.
func (g *generator) channelID(ch string, created time.Time) string {
	switch ch {
	case "VOICE":
		return hexID("CA", g.rng)
	case "SMS", "WHATSAPP":
		return hexID("SM", g.rng)
	case "RCS":
		return hexID("MM", g.rng)
	case "CHAT":
		return hexID("CH", g.rng)
	case "EMAIL":
		return fmt.Sprintf("<CA+%s/%s=@mail.example.com>", created.Format("20060102150405"), hexID("", g.rng)[:12])
	case "API":
		return hexID("RQ", g.rng)
	default:
		return hexID("SY", g.rng)
	}
}

var conversationNames = map[string][]string{
	"VOICE":    {"Customer Support Call - Order #%d", "Inbound call about invoice %d", "Llamada de soporte – pedido #%d", "Outbound renewal call #%d"},
	"SMS":      {"SMS thread - appointment #%d", "Delivery update replies (%d)", "Text opt-out follow-up #%d"},
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
		"John Customer", "Maria Customer", "María José García", "Zoë Lefèvre", "Siobhán O'Brien",
		"李娜", "Łukasz Wójcik", "Nguyễn Văn An", "Aarav Sharma", "Fatima Al-Sayed",
		"Jean-Luc \"JL\" Picard", "Ngozi Okonkwo", "Björk Guðmundsdóttir", "佐藤 花子",
	}
	agentNames = []string{"Sarah Agent", "Marcus (Tier 2)", "Priya Patel", "Björn Andersson", "Chloé Martin", "Tomás Ruiz"}
	botNames   = []string{"AI Sales Assistant", "Support Bot", "Virtual Agent Ava", "Billing Bot 🤖"}
	countries  = []string{"+1555", "+1555", "+1555", "+44 20", "+34 91", "+81 3"}
)

func (g *generator) phone() string {
	prefix := strings.ReplaceAll(pick(g, countries), " ", "")
	return fmt.Sprintf("%s%07d", prefix, g.rng.IntN(10_000_000))
}

func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "user"
	}
	return b.String()
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
	default: // API, SYSTEM: often nobody addressable at all
		if g.chance(50) {
			return []string{}
		}
		return []string{fmt.Sprintf("external:%06d", g.rng.IntN(1_000_000))}
	}
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
	if g.chance(10) && channel != "EMAIL" {
		customer.AddressValues = append(customer.AddressValues, fmt.Sprintf("%s@example.org", slug(name)))
	}
	ps := []intelligence.Participant{customer}

	for range g.rng.IntN(3) {
		p := intelligence.Participant{ID: ttid("conv_participant_", created, g.rng)}
		switch r := g.rng.IntN(10); {
		case r < 5:
			n := pick(g, agentNames)
			p.Name, p.Type = ptr(n), ptr("HUMAN_AGENT")
			p.AddressValues = []string{"agent-" + slug(n) + "@example.com"}
		case r < 8:
			n := pick(g, botNames)
			p.Name, p.Type = ptr(n), ptr("AI_AGENT")
			p.AddressValues = []string{"bot-" + slug(n) + "@example.com"}
		default:
			p.Name, p.Type = ptr(pick(g, agentNames)), ptr("AGENT")
			p.AddressValues = []string{g.phone()}
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
	"Is there a naïve café near the store? ☕",
	"我的订单什么时候到？",
	"注文はいつ届きますか？",
	"주문 상태를 알려주세요",
	"مرحبا، أحتاج إلى مساعدة في فاتورتي",
	"He said \"it's fine\" — but it isn't.",
	"Line one\nLine two\n\tindented line three",
	"Can you confirm the address: 1 O'Connell St, Dublin?",
	"<b>not html</b> & other \"special\" chars: \\ / \u2028 end",
	"Zoë's refund: €42.50 → approved ✅",
	"Cafe\u0301 with a combining accent, 👩‍💻 and 🇺🇸",
	"OK",
	"   ",
}

// communications makes the communications of c, which must be a valid conversation
// (record.conversation calls this on the fly with a seed kept per conversation).
func (g *generator) communications(c *intelligence.Conversation) []intelligence.Communication {
	ps := c.Participants
	created, err1 := time.Parse(time.RFC3339Nano, c.CreatedAt)
	updated, err2 := time.Parse(time.RFC3339Nano, c.UpdatedAt)
	if err1 != nil || err2 != nil || len(ps) == 0 {
		return []intelligence.Communication{}
	}
	n := 0
	if !g.chance(12) {
		n = 1 + g.rng.IntN(6)
	}
	offsets := make([]int64, n)
	span := int64(updated.Sub(created)/time.Second) + 1
	for i := range offsets {
		offsets[i] = g.rng.Int64N(span)
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
