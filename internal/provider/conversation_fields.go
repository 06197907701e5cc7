package provider

import "github.com/seed04710220/terraform-provider-twilio/internal/intelligence"

// The attributes of conversations, participants and communications.

var participantFields = []field{
	{name: "id", kind: kindString, description: "Participant id (`conv_participant_…`)."},
	{name: "name", kind: kindString, description: "Display name of the participant; null when the API has none."},
	{name: "type", kind: kindString, description: "Type of participant. Documented values: " + codeList(intelligence.ParticipantTypes) + "; the API may send others, and null when unknown."},
	{name: "address_values", kind: kindStringList, description: "Addresses of the participant, such as a phone number, an email address or a sender id."},
}

var communicationFields = []field{
	{name: "id", kind: kindString, description: "Communication id (`conv_communication_…`)."},
	{name: "participant_id", kind: kindString, description: "Id of the participant who sent the communication."},
	{name: "content", kind: kindObject, description: "Content of the communication.", nested: contentFields},
	{name: "created_at", kind: kindString, description: "When the communication was created (RFC 3339, as the API gives it)."},
}

var contentFields = []field{
	{name: "text", kind: kindString, description: "Transcript of the communication; null when the API sends none."},
}

// listItemFields are the attributes of a ConversationListItem.
var listItemFields = []field{
	{name: "id", kind: kindString, description: "Conversation id (`conv_conversation_…`)."},
	{name: "account_id", kind: kindString, description: "SID of the account that owns the conversation; null when the API has none."},
	{name: "name", kind: kindString, description: "Display name of the conversation; null when it has none."},
	{name: "status", kind: kindString, description: "Status of the conversation: one of " + codeList(intelligence.Statuses) + "."},
	{name: "created_at", kind: kindString, description: "When the conversation was created (RFC 3339, as the API gives it)."},
	{name: "updated_at", kind: kindString, description: "When the conversation was last updated (RFC 3339, as the API gives it)."},
	{name: "intelligence_configuration_ids", kind: kindStringList, description: "Intelligence Configurations that processed the conversation."},
	{name: "conversation_configuration_id", kind: kindString, description: "Id of the configuration that generated the conversation."},
	{name: "channels", kind: kindStringList, description: "Communication channels of the conversation, each one of " + codeList(intelligence.Channels) + "."},
	{name: "channel_ids", kind: kindStringList, description: "Ids of the underlying channel resources, such as a Call SID or a Message SID."},
	{name: "participants", kind: kindObjectList, description: "Participants of the conversation.", nested: participantFields},
	{name: "operator_result_ids", kind: kindStringList, description: "Ids of the Language Operator results generated from the conversation."},
}

// conversationFields are the attributes of a fetched Conversation: the list item's plus
// its communications.
var conversationFields = append(append([]field(nil), listItemFields...),
	field{name: "communications", kind: kindObjectList, description: "Communications (messages, utterances) that make up the conversation, with their text. Conversation text is personal data: prefer the ephemeral resource where it only feeds another provider.", nested: communicationFields},
)
