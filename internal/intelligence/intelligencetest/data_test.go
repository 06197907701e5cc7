package intelligencetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// everything returns every byte a client could read from s: all pages of every list,
// then every fetch.
func everything(t *testing.T, s *Server) []byte {
	t.Helper()
	var out bytes.Buffer
	all := lists(s)
	for _, path := range slices.Sorted(maps.Keys(all)) {
		keys := all[path]
		q := vals("pageSize", "37")
		for {
			res := get(t, s, listURL(path, q))
			out.Write(res.body)
			var p rawPage
			decodeStrict(t, res.body, &p)
			if p.Meta.NextToken == "" {
				break
			}
			q.Set("pageToken", p.Meta.NextToken)
		}
		for _, k := range keys {
			out.Write(get(t, s, path+"/"+url.PathEscape(k)).body)
		}
	}
	return out.Bytes()
}

func TestDeterminism(t *testing.T) {
	a := everything(t, newServer(t, Options{}))
	if b := everything(t, newServer(t, Options{Seed: 1, Conversations: 250})); !bytes.Equal(a, b) {
		t.Fatal("two servers with the same options served different bytes")
	}
	if c := everything(t, newServer(t, Options{Seed: 2})); bytes.Equal(a, c) {
		t.Fatal("another seed served the same bytes")
	}
}

// TestDataShape: the seeded conversations are in API order, within their options, and
// hold every case a client must handle, often enough for tests to find them.
func TestDataShape(t *testing.T) {
	newest, span := time.Date(2026, 5, 5, 5, 5, 5, 0, time.UTC), 10*24*time.Hour
	s := newServer(t, Options{Conversations: 300, Newest: newest, Span: span, Seed: 42})
	all := s.Conversations()
	if len(all) != 300 || all[0].CreatedAt != "2026-05-05T05:05:05Z" || all[len(all)-1].CreatedAt != "2026-04-25T05:05:05Z" {
		t.Errorf("%d conversations from %s to %s: want exactly Newest and Newest-Span", len(all), all[len(all)-1].CreatedAt, all[0].CreatedAt)
	}
	if def := NewHandler(Options{}).Conversations(); len(def) != 250 || def[0].CreatedAt != "2026-11-01T00:00:00Z" || def[len(def)-1].CreatedAt != "2026-07-04T00:00:00Z" {
		t.Errorf("defaults: %d conversations from %s to %s", len(def), def[len(def)-1].CreatedAt, def[0].CreatedAt)
	}

	counts := map[string]int{}
	count := func(format string, args ...any) { counts[fmt.Sprintf(format, args...)]++ }
	for i, c := range all {
		if i > 0 && (all[i-1].CreatedAt < c.CreatedAt || all[i-1].CreatedAt == c.CreatedAt && all[i-1].ID >= c.ID) {
			t.Errorf("not in API order at %d", i)
		}
		if i > 0 && all[i-1].CreatedAt == c.CreatedAt {
			count("same createdAt")
		}
		created, updated := mustTime(c.CreatedAt), mustTime(c.UpdatedAt)
		if !intelligence.ConversationIDPattern.MatchString(c.ID) || updated.Before(created) || c.ChannelIDs == nil {
			t.Errorf("%s: createdAt %s updatedAt %s channelIds %v", c.ID, c.CreatedAt, c.UpdatedAt, c.ChannelIDs)
		}
		count("status %s", c.Status)
		count("%d configurations", len(c.IntelligenceConfigurationIDs))
		count("%d results", min(len(c.OperatorResultIDs), 2))
		for _, ch := range c.Channels {
			count("channel %s", ch)
		}
		if len(c.Channels) > 1 {
			count("several channels")
		}
		if slices.ContainsFunc(c.ChannelIDs, func(id string) bool { return strings.ContainsAny(id, "+/=<@") }) {
			count("channelId that needs escaping")
		}
		if c.AccountID == nil {
			count("null accountId")
		}
		if c.Name == nil {
			count("null name")
		}
		count("%d participants", len(c.Participants))
		participants := map[string]bool{}
		for _, p := range c.Participants {
			participants[p.ID] = true
			switch {
			case p.Type == nil:
				count("null participant type")
			case !slices.Contains(intelligence.ParticipantTypes, *p.Type):
				t.Errorf("%s: participant type %q", c.ID, *p.Type)
			}
			if p.Name == nil {
				count("null participant name")
			}
		}
		count("%d communications", min(len(c.Communications), 2))
		last := created
		for _, m := range c.Communications {
			at := mustTime(m.CreatedAt)
			if !participants[m.ParticipantID] || at.Before(last) || at.After(updated) {
				t.Errorf("%s: communication %+v", c.ID, m)
			}
			last = at
			switch text := m.Content.Text; {
			case text == nil:
				count("absent text")
			case *text == "":
				count("empty text")
			}
		}
	}
	for _, c := range s.conversations.all() {
		for _, op := range c.operators {
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
		at("channel "+ch, 15)
	}
	for _, op := range OperatorIDs {
		at(op, 20)
	}
	for _, k := range []string{"same createdAt", "null accountId", "null name", "several channels", "channelId that needs escaping",
		"0 configurations", "1 configurations", "2 configurations", "0 results", "1 results", "2 results",
		"1 participants", "2 participants", "3 participants", "null participant type", "null participant name",
		"0 communications", "1 communications", "2 communications", "absent text", "empty text"} {
		at(k, 3)
	}
	if t.Failed() {
		out, _ := json.MarshalIndent(counts, "", " ")
		t.Logf("counts: %s", out)
	}
}

// TestAccessorsReturnCopies: what a test does with the returned data cannot change the
// server's.
func TestAccessorsReturnCopies(t *testing.T) {
	s := newServer(t, Options{Conversations: 5})
	before := everything(t, s)
	c := s.Conversations()[0]
	c.Channels[0] = "changed"
	c.Participants[0].AddressValues = append(c.Participants[0].AddressValues[:0], "changed")
	r := s.OperatorResults()[0]
	*r.Operator.ID, r.Result[0] = "changed", ' '
	op := s.Operators()[0]
	*op.DisplayName, op.Parameters[0] = "changed", ' '
	*s.OperatorVersions(op.ID)[0].Status = "changed"
	cfg := s.Configurations()[0]
	*cfg.Rules[0].Operators[0].ID = "changed"
	if after := everything(t, s); !bytes.Equal(before, after) {
		t.Error("mutating the accessors' results changed the server's data")
	}
}
