package intelligencetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// The seeded conversations are created over [seedNewest-seedSpan, seedNewest].
var seedNewest = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

const seedSpan = 120 * 24 * time.Hour

// seed adds the control plane, then conversations, each drawn from its own seed. Their
// communications and operator results' contents are drawn again from it whenever served,
// rather than kept: they would be most of the heap. The same options give the same bytes.
func (s *Server) seed(o Options) {
	runs := s.seedControlPlane()
	rng := rand.New(rand.NewPCG(uint64(o.Seed), 0x1e57da7a)) //nolint:gosec // test data, not secrets
	convs := make([]*conversation, o.Conversations)
	var results []*result
	created := seedNewest // the newest exactly at seedNewest, the oldest at seedNewest-seedSpan, for boundary tests
	for i := range convs {
		switch {
		case i > 0 && i == len(convs)-1:
			created = seedNewest.Add(-seedSpan)
		case i > 0 && rng.IntN(100) >= 3: // else the second of the one before: the id breaks the tie
			created = seedNewest.Add(-time.Duration(rng.Int64N(int64(seedSpan/time.Second)+1)) * time.Second)
		}
		convs[i] = newConversation(created.UTC(), rng.Uint64()|1, runs, &results)
	}
	must(s.conversations.add(convs...))
	must(s.results.add(results...))
}

// gen draws test data from one stream.
type gen struct{ *rand.Rand }

func newGen(seed, stream uint64) gen { return gen{rand.New(rand.NewPCG(seed, stream))} } //nolint:gosec // test data

func (g gen) chance(percent int) bool { return g.IntN(100) < percent }

func pick[T any](g gen, from []T) T { return from[g.IntN(len(from))] }

// ttid returns prefix and 26 Crockford base32 digits, as Twilio's TTIDs: 48 bits of time
// in milliseconds, then 80 random bits (3 left for the first digit: the spec's [0-7]).
func ttid(prefix string, t time.Time, rng *rand.Rand) string {
	const crockford = "0123456789abcdefghjkmnpqrstvwxyz"
	hi, lo := uint64(t.UnixMilli())<<16|rng.Uint64()>>48, rng.Uint64() //nolint:gosec // wraps past year 10889, as intended
	var digits [26]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return prefix + string(digits[:])
}

func ptr[T any](v T) *T { return &v }

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	must(err)
	return t
}

// The pools seeded data draws from. nil is a null, "" a value set but empty, and the rest
// has accented, CJK and RTL letters, emoji (ZWJ sequences and flags), quotes,
// backslashes, control characters and markup. Seeded items point into them.
var (
	accountSID = TestAccountSID
	names      = []*string{nil, ptr(""), ptr("Customer Support Call - Order #12345"), ptr("Fwd: \"Urgent\" refund request"),
		ptr("WhatsApp: ¿Dónde está mi pedido?"), ptr("配送状況のお問い合わせ"), ptr("Réclamation – colis endommagé n°4521"), ptr("QA sample")}
	customers = []intelligence.Participant{person("John Customer", "CUSTOMER", "+15550100"), person("María José García", "CUSTOMER", "whatsapp:+34910000001"),
		person("李娜", "CUSTOMER", "li.na@example.com"), person("Siobhán O'Brien", "UNKNOWN"), {Type: ptr("CUSTOMER"), AddressValues: []string{"+442079460000"}},
		{Name: ptr("Jean-Luc \"JL\" Picard"), AddressValues: []string{}}}
	agents = []intelligence.Participant{person("Sarah Agent", "HUMAN_AGENT", "agent-sarah@example.com"), person("Marcus (Tier 2)", "HUMAN_AGENT"),
		person("Support Bot", "AI_AGENT"), person("Billing Bot 🤖", "AI_AGENT"), person("Priya Patel", "AGENT", "priya@example.com"), {AddressValues: []string{}}}
	texts = []*string{nil, ptr(""), ptr("   "), ptr("OK"), ptr("Thank you for calling customer support. How can I help you today?"),
		ptr("¿Dónde está mi pedido? 📦"), ptr("我的订单什么时候到？"), ptr("مرحبا، أحتاج إلى مساعدة في فاتورتي"),
		ptr("He said \"it's fine\" — but it isn't.\nLine two\n\tindented line three"), ptr("<b>not html</b> & \"special\" chars: \\ / \u2028 end"),
		ptr("Cafe\u0301 with a combining accent, 👩‍💻 and 🇺🇸")}
	// sidPrefixes are the SID prefixes of what is behind each channel. Email's ids are
	// RFC 5322 Message-IDs instead, whose + / = < > @ a channelId filter must escape.
	sidPrefixes = map[string]string{"VOICE": "CA", "SMS": "SM", "WHATSAPP": "SM", "RCS": "MM", "CHAT": "CH", "API": "RQ", "SYSTEM": "SY"}
	labels      = []string{"POSITIVE", "NEUTRAL", "NEGATIVE"}
	summaries   = []string{"The customer asked where order #12345 is; it ships tomorrow.", "A refund of €42.50 was approved.", "配送日の変更を依頼。"}
	entities    = []intelligence.Entity{{Text: ptr("#12345"), Label: ptr("ORDER_NUMBER")}, {Text: ptr("Dublin"), Label: ptr("LOCATION")},
		{Text: ptr("next Tuesday"), Label: ptr("DATE")}, {Text: ptr("naïve café blend"), Label: ptr("PRODUCT")}, {Text: ptr("東京"), Label: ptr("LOCATION")}}
)

func person(name, kind string, address ...string) intelligence.Participant {
	return intelligence.Participant{Name: &name, Type: &kind, AddressValues: append([]string{}, address...)}
}

// newConversation draws a conversation created at created from seed, and runs its
// configurations' rule operators on it, adding their results to results: each at most
// once, and none on a conversation without communications.
func newConversation(created time.Time, seed uint64, runs map[string][]*ruleRun, results *[]*result) *conversation {
	g := newGen(seed, 0)
	c := &conversation{created: created, seed: seed, operators: []string{}, Conversation: intelligence.Conversation{
		ID: ttid("conv_conversation_", created, g.Rand), Name: pick(g, names), Status: intelligence.Statuses[min(g.IntN(5), 2)],
		CreatedAt: stamp(created), UpdatedAt: stamp(created.Add(time.Duration(30+g.IntN(4*3600)) * time.Second)),
		ConversationConfigurationID: pick(g, ConversationConfigurationIDs),
		Channels:                    []string{pick(g, intelligence.Channels)}, OperatorResultIDs: []string{},
	}}
	if other := pick(g, intelligence.Channels); g.chance(15) && other != c.Channels[0] {
		c.Channels = append(c.Channels, other) // an escalation: a chat that became a call, an SMS answered by email
	}
	for _, ch := range c.Channels {
		for range 1 + g.IntN(3)*strings.Count("SMS RCS WHATSAPP EMAIL", ch) { // messages have one each
			id := fmt.Sprintf("%s%016x%016x", sidPrefixes[ch], g.Uint64(), g.Uint64())
			if ch == "EMAIL" {
				id = fmt.Sprintf("<CA+%s/%s=@mail.example.com>", created.Format("20060102150405"), id[2:14])
			}
			c.ChannelIDs = append(c.ChannelIDs, id)
		}
	}
	if !g.chance(4) {
		c.AccountID = &accountSID
	}
	n, pool := min(g.IntN(20), 1+g.IntN(2)), IntelligenceConfigurationIDs // none for one in twenty
	i := g.IntN(len(pool) - n + 1)
	c.IntelligenceConfigurationIDs = slices.Clone(pool[i : i+n])
	c.Participants = []intelligence.Participant{pick(g, customers), pick(g, agents), pick(g, agents)}[:1+g.IntN(3)]
	for i := range c.Participants {
		c.Participants[i].ID = ttid("conv_participant_", created, g.Rand)
	}

	comms := c.communications()
	for _, config := range c.IntelligenceConfigurationIDs {
		for _, run := range runs[config] {
			if len(comms) == 0 || slices.Contains(c.operators, *run.op.ID) || g.chance(15) {
				continue
			}
			at := triggered(c, run, comms).Add(time.Duration(1000+g.IntN(20_000)) * time.Millisecond)
			r := &result{id: ttid("intelligence_operatorresult_", at, g.Rand), created: at, conv: c.ID, config: config,
				opID: *run.op.ID, of: c, run: run, n: len(c.OperatorResultIDs)}
			c.operators = append(c.operators, r.opID)
			c.OperatorResultIDs = append(c.OperatorResultIDs, r.id)
			*results = append(*results, r)
		}
	}
	return c
}

// communications are c's, in time order from its creation to its last update: those it
// was added with or, for a seeded conversation, drawn from its seed (the same every time).
func (c *conversation) communications() []intelligence.Communication {
	if c.seed == 0 {
		return c.comms
	}
	g := newGen(c.seed, 1)
	span := int64(mustTime(c.UpdatedAt).Sub(c.created)/time.Second) + 1
	offsets := make([]int64, g.IntN(7)) // none for one in seven
	for i := range offsets {
		offsets[i] = g.Int64N(span)
	}
	slices.Sort(offsets)
	cs := make([]intelligence.Communication, len(offsets))
	for i, offset := range offsets {
		at := c.created.Add(time.Duration(offset) * time.Second)
		who := c.Participants[(i+g.IntN(2))%len(c.Participants)] // turns, not strictly alternating
		cs[i] = intelligence.Communication{ID: ttid("conv_communication_", at, g.Rand), ParticipantID: who.ID,
			Content: intelligence.Content{Text: pick(g, texts)}, CreatedAt: stamp(at)}
	}
	return cs
}

// triggered is when run's trigger fired on c: its last communication, or its end.
func triggered(c *conversation, run *ruleRun, comms []intelligence.Communication) time.Time {
	if run.on == "COMMUNICATION" {
		return mustTime(comms[len(comms)-1].CreatedAt)
	}
	return mustTime(c.UpdatedAt)
}

// result is the seeded result r, drawn from c's seed (the same every time); its
// executionDetails name c's communications and participants.
func (c *conversation) result(r *result) any {
	g := newGen(c.seed, uint64(2+r.n)) //nolint:gosec // n is small
	comms := c.communications()
	value := map[string]any{}
	switch r.run.format {
	case "CLASSIFICATION":
		value["label"] = pick(g, labels)
	case "TEXT":
		value["text"] = pick(g, summaries)
	case "EXTRACTION":
		value["entities"] = slices.Clone(entities[:g.IntN(len(entities))])
	default: // JSON, as Script Adherence's schema says
		value["score"], value["explanation"] = g.IntN(6), pick(g, summaries)
	}
	out, participants, inputChars := mustJSON(value), []map[string]*string{}, 0
	for _, p := range c.Participants {
		ref := map[string]*string{"id": &p.ID}
		if p.Type != nil { // optional, not nullable
			ref["type"] = p.Type
		}
		participants = append(participants, ref)
	}
	for _, m := range comms {
		inputChars += len(deref(m.Content.Text))
	}
	system := map[string]any{"latencyMs": 150 + g.IntN(4000), "inputCharacters": inputChars, "outputCharacters": len(out), "inputTruncated": g.chance(3)}
	if !g.chance(10) {
		system["resolvedModel"] = "intelligence-llm-2026-03"
	}
	refs := [][]string{{}, {comms[0].ID}, {comms[0].ID, c.Participants[0].ID}}[g.IntN(3)]
	return intelligence.OperatorResult{ID: r.id, AccountID: &accountSID, OutputFormat: &r.run.format, ConversationID: &c.ID,
		DateCreated: ptr(stamp(r.created)), IntelligenceConfiguration: r.run.config, Operator: r.run.op, ReferenceIDs: refs, Result: out,
		ExecutionDetails: mustJSON(map[string]any{
			"trigger":        map[string]string{"on": r.run.on, "timestamp": stamp(triggered(c, r.run, comms))},
			"communications": map[string]string{"first": comms[0].ID, "last": comms[len(comms)-1].ID},
			"channels":       c.Channels, "participants": participants,
		}),
		Metadata: mustJSON(map[string]any{"system": system})}
}
