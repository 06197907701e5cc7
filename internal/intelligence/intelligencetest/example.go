package intelligencetest

import (
	"encoding/json"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// specExample is the FetchConversation example of the OpenAPI description
// (components.examples.ConversationExample), verbatim.
const specExample = `{
  "id": "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2",
  "accountId": "AC00000000000000000000000000000000",
  "name": "Customer Support Call - Order #12345",
  "status": "CLOSED",
  "createdAt": "2026-01-15T10:30:00Z",
  "updatedAt": "2026-01-15T10:45:30Z",
  "intelligenceConfigurationIds": [
    "intelligence_configuration_01kermhm82e5mr98nbeh1hpmbn"
  ],
  "conversationConfigurationId": "conv_configuration_00000000000000000000000000",
  "channels": [
    "VOICE"
  ],
  "channelIds": [
    "CA1234567890abcdef1234567890abcdef"
  ],
  "participants": [
    {
      "id": "conv_participant_01k1etx3jbfx88476ccja0889c",
      "name": "John Customer",
      "type": "CUSTOMER",
      "addressValues": [
        "+15551234567"
      ]
    },
    {
      "id": "conv_participant_01k1etx3jbfx88476ccja0889d",
      "name": "Sarah Agent",
      "type": "HUMAN_AGENT",
      "addressValues": [
        "agent-sarah@example.com"
      ]
    }
  ],
  "communications": [
    {
      "id": "conv_communication_01k1etk2y5f1y9fpe2epfdtvv2",
      "participantId": "conv_participant_01k1etx3jbfx88476ccja0889d",
      "content": {
        "text": "Thank you for calling customer support. How can I help you today?"
      },
      "createdAt": "2026-01-15T10:30:15Z"
    },
    {
      "id": "conv_communication_01k1etk2y5f1y9fpe2epfdtvv3",
      "participantId": "conv_participant_01k1etx3jbfx88476ccja0889c",
      "content": {
        "text": "Hi, I need help tracking my order #12345."
      },
      "createdAt": "2026-01-15T10:30:30Z"
    },
    {
      "id": "conv_communication_01k1etk2y5f1y9fpe2epfdtvv9",
      "participantId": "conv_participant_01k1etx3jbfx88476ccja0889d",
      "content": {
        "text": "I'd be happy to help you with that. Let me look up your order."
      },
      "createdAt": "2026-01-15T10:30:45Z"
    }
  ],
  "operatorResultIds": [
    "intelligence_operatorresult_01k6fc25s7epm9qtk8rszbv3q5",
    "intelligence_operatorresult_01k6fc25s7epm9qtk8rszbv3q6"
  ]
}`

// SpecExample is the conversation the spec uses as its example. The provider's docs use
// its ids, so tests that run the docs' examples Add it to a server.
func SpecExample() intelligence.Conversation {
	var c intelligence.Conversation
	if err := json.Unmarshal([]byte(specExample), &c); err != nil {
		panic("intelligencetest: the spec example does not decode: " + err.Error())
	}
	return c
}
