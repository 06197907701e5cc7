package intelligence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// Micro-benchmarks of this package's decoding. The listing as a whole, against the local
// API in a separate process, is BenchmarkListConversations in benchmarks/.
//
//	go test ./internal/intelligence -run '^$' -bench 'DecodePage|ScanNextToken' -benchmem -count 6

// benchPage is a list body of n conversations shaped like the local API's (every field
// set, a participant or two, ids of the real lengths) and ending in a nextToken: about
// 0.9 MB for 1000. It is built here because intelligencetest imports this package.
func benchPage(tb testing.TB, n int) []byte {
	tb.Helper()
	page := Page[Conversation]{Items: make([]Conversation, n), Meta: PageMeta{Key: "items", PageSize: n,
		NextToken: "AQGmcTNOklcoRBjju2JrAOgAAAAAAGNvbnZfY29udmVyc2F0aW9uXzAxbTY5eXJ2bjA5NnQ5ZmJ6OTVqc2o2dzE5B5nIL6FNLA3WE4zF+/=&?"}}
	account, agent := "AC7e577e577e577e577e577e577e577e57", "Björn Andersson"
	for i := range page.Items {
		name := fmt.Sprintf("WhatsApp: ¿Dónde está mi pedido? #%d", i)
		c := &page.Items[i]
		c.ID = fmt.Sprintf("conv_conversation_01m6a6ft%016d", i)
		c.AccountID, c.Name = &account, &name
		c.Status = Statuses[i%len(Statuses)]
		c.CreatedAt, c.UpdatedAt = "2026-11-01T00:00:00Z", "2026-11-01T02:02:10Z"
		c.IntelligenceConfigurationIDs = []string{"intelligence_configuration_01jm9s346q3d25vt4f5v37e3s3"}
		c.ConversationConfigurationID = "conv_configuration_01j9x9yp981068vcd1gdjfmgt8"
		c.Channels = []string{Channels[i%len(Channels)]}
		c.ChannelIDs = []string{"SM15558d32135eec959921cc332a0ad69b", "SMb2d69af79e97ff1592063f04035f0dca"}
		customer, human := ParticipantTypes[0], ParticipantTypes[1]
		c.Participants = []Participant{
			{ID: fmt.Sprintf("conv_participant_01m6a6ft%016d", 2*i), Type: &customer, AddressValues: []string{"whatsapp:+34912288995"}},
			{ID: fmt.Sprintf("conv_participant_01m6a6ft%016d", 2*i+1), Name: &agent, Type: &human, AddressValues: []string{"agent@example.com"}},
		}
		c.OperatorResultIDs = []string{
			"intelligence_operatorresult_01m6adfg6gnrm8f54290rf1akr",
			"intelligence_operatorresult_01m6adfg6grd7w2z71m3qdvy95",
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as the local API writes: the token's & stays a &
	if err := enc.Encode(page); err != nil {
		tb.Fatal(err)
	}
	return bytes.TrimSpace(buf.Bytes())
}

// BenchmarkDecodePage decodes a 1000-conversation page into a reused page, as a listing
// does: decoder=v2 is decodePage (encoding/json/v2's implementation, with the shape
// checks), decoder=encoding-json is json.Unmarshal of encoding/json into the same types.
func BenchmarkDecodePage(b *testing.B) {
	body := benchPage(b, MaxPageSize)
	b.Run("n=1000/decoder=v2", func(b *testing.B) {
		var page Page[Conversation]
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if err := decodePage[Conversation](body, &page); err != nil {
				b.Fatal(err)
			}
		}
		if len(page.Items) != MaxPageSize {
			b.Fatalf("%d items", len(page.Items))
		}
	})
	b.Run("n=1000/decoder=encoding-json", func(b *testing.B) {
		var page Page[Conversation]
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			// encoding/json keeps what an element held before, and a field the body
			// lacks: clear both, as a reused page must be.
			clear(page.Items[:cap(page.Items)])
			page.Items, page.Meta = page.Items[:0], PageMeta{}
			if err := json.Unmarshal(body, &page); err != nil {
				b.Fatal(err)
			}
		}
		if len(page.Items) != MaxPageSize {
			b.Fatalf("%d items", len(page.Items))
		}
	})
}

// BenchmarkScanNextToken reads meta.nextToken from the end of a 1000-conversation page,
// which the engine does before decoding the page so the next request can go out.
func BenchmarkScanNextToken(b *testing.B) {
	body := benchPage(b, MaxPageSize)
	b.ReportAllocs()
	for b.Loop() {
		if token, ok := scanNextToken(body); !ok || token == "" {
			b.Fatal("no token found")
		}
	}
}
