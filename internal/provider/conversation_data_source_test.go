package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

const conversationAddr = "data.twilio_intelligence_conversation.test"

// craftedConversation has every kind of value the spec allows: unicode, quotes and
// newlines in text, an empty text, an absent text, and nulls.
func craftedConversation() intelligence.Conversation {
	name := "Support call — «Straße» 📞"
	account := intelligencetest.TestAccountSID
	agent, customer := "Agent \"Sam\" O'Neil", "CUSTOMER"
	text1, text2 := "¿Dónde está mi pedido? 📦\nSecond line with \"quotes\"", ""
	return intelligence.Conversation{
		ID: "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2", AccountID: &account, Name: &name, Status: "CLOSED",
		CreatedAt: "2026-10-15T10:30:00Z", UpdatedAt: "2026-10-15T10:45:30.250Z",
		IntelligenceConfigurationIDs: []string{"intelligence_configuration_01k6fc25s7epm9qtk8rszbv3q5"},
		ConversationConfigurationID:  intelligencetest.ConversationConfigurationIDs[0],
		Channels:                     []string{"VOICE"},
		ChannelIDs:                   []string{"CA1234567890abcdef1234567890abcdef"},
		Participants: []intelligence.Participant{
			{ID: "conv_participant_01k1etx3jbfx88476ccja0889c", Type: &customer, AddressValues: []string{"+15551234567"}},
			{ID: "conv_participant_01k1etx3jbfx88476ccja0889d", Name: &agent, AddressValues: []string{}},
		},
		Communications: []intelligence.Communication{
			{ID: "conv_communication_01k1etk2y5f1y9fpe2epfdtvv2", ParticipantID: "conv_participant_01k1etx3jbfx88476ccja0889c",
				Content: intelligence.Content{Text: &text1}, CreatedAt: "2026-10-15T10:30:15Z"},
			{ID: "conv_communication_01k1etk2y5f1y9fpe2epfdtvv3", ParticipantID: "conv_participant_01k1etx3jbfx88476ccja0889d",
				Content: intelligence.Content{Text: &text2}, CreatedAt: "2026-10-15T10:30:30Z"},
			{ID: "conv_communication_01k1etk2y5f1y9fpe2epfdtvv4", ParticipantID: "conv_participant_01k1etx3jbfx88476ccja0889d",
				CreatedAt: "2026-10-15T10:30:45Z"},
		},
		OperatorResultIDs: []string{"intelligence_operatorresult_01k6fc25s7epm9qtk8rszbv3q5"},
	}
}

func TestAccConversation(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: -1})
	conv := craftedConversation()
	srv.Add(conv)
	comms := tfjsonpath.New("communications")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf(`
data "twilio_intelligence_conversation" "test" {
  id = %q
}
`, conv.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("name"), knownvalue.StringExact(*conv.Name)),
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("account_id"), knownvalue.StringExact(*conv.AccountID)),
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("status"), knownvalue.StringExact("CLOSED")),
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("updated_at"), knownvalue.StringExact("2026-10-15T10:45:30.250Z")),
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("channel_ids"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("CA1234567890abcdef1234567890abcdef")})),
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("participants").AtSliceIndex(0).AtMapKey("name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("participants").AtSliceIndex(1).AtMapKey("type"), knownvalue.Null()),
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("participants").AtSliceIndex(1).AtMapKey("name"), knownvalue.StringExact(`Agent "Sam" O'Neil`)),
				statecheck.ExpectKnownValue(conversationAddr, tfjsonpath.New("participants").AtSliceIndex(1).AtMapKey("address_values"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(conversationAddr, comms, knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(conversationAddr, comms.AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":             knownvalue.StringExact("conv_communication_01k1etk2y5f1y9fpe2epfdtvv2"),
					"participant_id": knownvalue.StringExact("conv_participant_01k1etx3jbfx88476ccja0889c"),
					"content":        knownvalue.ObjectExact(map[string]knownvalue.Check{"text": knownvalue.StringExact(*conv.Communications[0].Content.Text)}),
					"created_at":     knownvalue.StringExact("2026-10-15T10:30:15Z"),
				})),
				statecheck.ExpectKnownValue(conversationAddr, comms.AtSliceIndex(1).AtMapKey("content").AtMapKey("text"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(conversationAddr, comms.AtSliceIndex(2).AtMapKey("content").AtMapKey("text"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccConversationNotFound(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 3})
	id := unknownID("conv_conversation_")
	testReadFails(t, srv, "twilio_intelligence_conversation", fmt.Sprintf("id = %q", id),
		`conversation not found.*"`+id+`".*HTTP 404`)
}

func TestAccConversationInvalidID(t *testing.T) {
	t.Parallel()
	srv := localAPI(t, intelligencetest.Options{Conversations: 3})
	for _, id := range []string{"", "conv_conversation_", "conv_conversation_01K1ETK2Y5F1Y9FPE2EPFDTVV2",
		"conv_conversation_01k1etk2y5f1y9fpe2epfd/../x", "conv_conversation_01k1etk2y5f1y9fpe2ep%2Fvv2",
		"conv_conversation_01k1etk2y5f1y9fpe2epfdtvé2", " conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2"} {
		t.Run(id, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(srv) + fmt.Sprintf("data \"twilio_intelligence_conversation\" \"test\" {\n  id = %q\n}\n", id),
					PlanOnly:    true,
					ExpectError: expectError(`Attribute id must be a conversation id`),
				}},
			})
			noRequests(t, srv)
		})
	}
}
