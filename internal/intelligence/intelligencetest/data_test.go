package intelligencetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// everything returns every byte a client could read from s: all list pages for a page
// size, then every fetch.
func everything(t *testing.T, s *Server) []byte {
	t.Helper()
	var out bytes.Buffer
	q := vals("pageSize", "37")
	for {
		res := get(t, s, listURL(q))
		out.Write(res.body)
		var p intelligence.Page[intelligence.Conversation]
		decodeStrict(t, res.body, &p)
		if p.Meta.NextToken == "" {
			break
		}
		q.Set("pageToken", p.Meta.NextToken)
	}
	for _, c := range s.Conversations() {
		out.Write(get(t, s, "/v3/Conversations/"+c.ID).body)
	}
	return out.Bytes()
}

func TestDeterminism(t *testing.T) {
	a := everything(t, newServer(t, Options{}))
	b := everything(t, newServer(t, Options{Seed: 1, Conversations: 250}))
	if !bytes.Equal(a, b) {
		t.Fatal("two servers with the same options served different bytes")
	}
	if c := everything(t, newServer(t, Options{Seed: 2})); bytes.Equal(a, c) {
		t.Fatal("another seed served the same bytes")
	}
}

func TestDataShape(t *testing.T) {
	newest := time.Date(2026, 5, 5, 5, 5, 5, 0, time.UTC)
	span := 10 * 24 * time.Hour
	s := newServer(t, Options{Conversations: 300, Newest: newest, Span: span, Seed: 42})
	all := s.Conversations()
	if len(all) != 300 {
		t.Fatalf("%d conversations", len(all))
	}
	if all[0].CreatedAt != "2026-05-05T05:05:05Z" || all[len(all)-1].CreatedAt != "2026-04-25T05:05:05Z" {
		t.Errorf("newest %s, oldest %s: want exactly Newest and Newest-Span", all[0].CreatedAt, all[len(all)-1].CreatedAt)
	}
	def := NewHandler(Options{}).Conversations()
	if len(def) != 250 || def[0].CreatedAt != "2026-11-01T00:00:00Z" || def[len(def)-1].CreatedAt != "2026-07-04T00:00:00Z" {
		t.Errorf("defaults: %d conversations from %s to %s", len(def), def[len(def)-1].CreatedAt, def[0].CreatedAt)
	}

	counts := map[string]int{}
	count := func(format string, args ...any) { counts[fmt.Sprintf(format, args...)]++ }
	hexSID := regexp.MustCompile(`^(CA|SM|MM|CH|RQ|SY)[0-9a-f]{32}$`)
	prefixFor := map[string]string{"VOICE": "CA", "SMS": "SM", "WHATSAPP": "SM", "RCS": "MM", "CHAT": "CH", "EMAIL": "<", "API": "RQ", "SYSTEM": "SY"}
	operatorResult := regexp.MustCompile(`^intelligence_operatorresult_[0-7][0-9a-z]{25}$`)
	for i, c := range all {
		if i > 0 && (all[i-1].CreatedAt < c.CreatedAt || all[i-1].CreatedAt == c.CreatedAt && all[i-1].ID >= c.ID) {
			t.Errorf("not in API order at %d", i)
		}
		if i > 0 && all[i-1].CreatedAt == c.CreatedAt {
			count("same createdAt")
		}
		created, err1 := time.Parse(time.RFC3339, c.CreatedAt)
		updated, err2 := time.Parse(time.RFC3339, c.UpdatedAt)
		if err1 != nil || err2 != nil || !strings.HasSuffix(c.CreatedAt, "Z") || updated.Before(created) {
			t.Errorf("%s: createdAt %s updatedAt %s", c.ID, c.CreatedAt, c.UpdatedAt)
		}
		if !intelligence.ConversationIDPattern.MatchString(c.ID) || !slices.Contains(intelligence.Statuses, c.Status) ||
			!slices.Contains(ConversationConfigurationIDs, c.ConversationConfigurationID) {
			t.Errorf("%s: id, status %q or configuration %q", c.ID, c.Status, c.ConversationConfigurationID)
		}
		count("status %s", c.Status)
		if c.AccountID == nil {
			count("null accountId")
		} else if !intelligence.AccountSIDPattern.MatchString(*c.AccountID) {
			t.Errorf("%s: accountId %q", c.ID, *c.AccountID)
		}
		if c.Name == nil {
			count("null name")
		}
		for _, ic := range c.IntelligenceConfigurationIDs {
			if !slices.Contains(IntelligenceConfigurationIDs, ic) {
				t.Errorf("%s: intelligence configuration %q", c.ID, ic)
			}
			count("%s", ic)
		}
		for _, ch := range c.Channels {
			count("channel %s", ch)
			if !slices.ContainsFunc(c.ChannelIDs, func(id string) bool { return strings.HasPrefix(id, prefixFor[ch]) }) {
				t.Errorf("%s: no channelId for %s in %v", c.ID, ch, c.ChannelIDs)
			}
		}
		if len(c.Channels) > 1 {
			count("several channels")
		}
		for _, id := range c.ChannelIDs {
			if !hexSID.MatchString(id) && !strings.HasPrefix(id, "<") {
				t.Errorf("%s: channelId %q", c.ID, id)
			}
		}
		for _, id := range c.OperatorResultIDs {
			if !operatorResult.MatchString(id) {
				t.Errorf("%s: operator result id %q", c.ID, id)
			}
		}
		if n := len(c.Participants); n < 1 || n > 3 {
			t.Errorf("%s: %d participants", c.ID, n)
		}
		count("%d participants", len(c.Participants))
		participantIDs := map[string]bool{}
		for _, p := range c.Participants {
			participantIDs[p.ID] = true
			if !intelligence.ParticipantIDPattern.MatchString(p.ID) || p.AddressValues == nil {
				t.Errorf("%s: participant %+v", c.ID, p)
			}
			switch {
			case p.Type == nil:
				count("null participant type")
			case !slices.Contains(intelligence.ParticipantTypes, *p.Type):
				t.Errorf("%s: participant type %q", c.ID, *p.Type)
			default:
				count("type %s", *p.Type)
			}
			if p.Name == nil {
				count("null participant name")
			}
			for _, a := range p.AddressValues {
				switch {
				case strings.HasPrefix(a, "whatsapp:+"):
					count("whatsapp address")
				case strings.HasPrefix(a, "+"):
					count("phone address")
				case strings.Contains(a, "@"):
					count("email address")
				}
			}
		}
		count("%d communications", min(len(c.Communications), 2))
		last := created
		for _, m := range c.Communications {
			at, err := time.Parse(time.RFC3339, m.CreatedAt)
			if !intelligence.CommunicationIDPattern.MatchString(m.ID) || !participantIDs[m.ParticipantID] ||
				err != nil || at.Before(last) || at.After(updated) {
				t.Errorf("%s: communication %+v", c.ID, m)
			}
			last = at
			switch text := m.Content.Text; {
			case text == nil:
				count("absent text")
			case *text == "":
				count("empty text")
			default:
				if !utf8.ValidString(*text) {
					t.Errorf("%s: invalid UTF-8", m.ID)
				}
				for _, r := range *text {
					if r > 0xFFFF {
						count("astral text")
						break
					}
				}
				if strings.ContainsAny(*text, "\n\"'") {
					count("newline or quote text")
				}
			}
		}
	}
	for _, r := range s.snap.Load().recs {
		for _, op := range r.operators {
			count("%s", op)
		}
	}

	at := func(key string, least int) {
		if counts[key] < least {
			t.Errorf("%q: %d, want at least %d", key, counts[key], least)
		}
	}
	for _, st := range intelligence.Statuses {
		at("status "+st, 40)
	}
	for _, ch := range intelligence.Channels {
		at("channel "+ch, 20)
	}
	for _, id := range slices.Concat(IntelligenceConfigurationIDs, OperatorIDs) {
		at(id, 20)
	}
	for _, pt := range intelligence.ParticipantTypes {
		at("type "+pt, 3)
	}
	for _, k := range []string{"same createdAt", "null accountId", "null name", "several channels", "1 participants",
		"2 participants", "3 participants", "null participant type", "null participant name", "whatsapp address",
		"phone address", "email address", "0 communications", "1 communications", "2 communications",
		"absent text", "empty text", "astral text", "newline or quote text"} {
		at(k, 3)
	}
	if t.Failed() {
		out, _ := json.MarshalIndent(counts, "", " ")
		t.Logf("counts: %s", out)
	}
}

// TestConversationsIsACopy: what a test does with the returned data cannot change the
// server's.
func TestConversationsIsACopy(t *testing.T) {
	s := newServer(t, Options{Conversations: 3})
	got := s.Conversations()
	before := get(t, s, "/v3/Conversations/"+got[0].ID).body
	for _, p := range got[0].Participants {
		if p.Name != nil {
			*p.Name = "changed"
		}
		p.AddressValues = append(p.AddressValues[:0], "changed")
	}
	got[0].Channels[0] = "changed"
	if len(got[0].Communications) > 0 && got[0].Communications[0].Content.Text != nil {
		*got[0].Communications[0].Content.Text = "changed"
	}
	if after := get(t, s, "/v3/Conversations/"+got[0].ID).body; !bytes.Equal(before, after) {
		t.Error("mutating Conversations() changed the server's data")
	}
}
