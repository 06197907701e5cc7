package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// NewConversationDataSource is twilio_intelligence_conversation: one conversation by id,
// with its participants and communications.
func NewConversationDataSource() datasource.DataSource {
	return &itemDataSource[intelligence.Conversation]{spec: &conversationSpec}
}

const conversationDescription = "One conversation of Twilio's Conversational Intelligence API v3 by id (`GET /v3/Conversations/{id}`), with its participants and communications. " +
	"A conversation that does not exist is an error."

const conversationIDDescription = "The conversation to read."

var conversationSpec = itemSpec[intelligence.Conversation]{
	typeName:    "_intelligence_conversation",
	description: conversationDescription,
	fields:      conversationFields,
	args:        map[string]schema.Attribute{"id": idAttribute(conversationID, true, conversationIDDescription)},
	find:        findByID(conversationID, (*intelligence.Client).GetConversation),
	attributes:  conversationAttributes,
}

// conversationAttributes are the computed attributes of the single conversation: the list
// item's plus communications.
func conversationAttributes(c *intelligence.Conversation) map[string]tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(conversationFields))
	putListItemAttributes(attrs, c)
	attrs["communications"] = objectList(communicationType, c.Communications, communicationValue)
	return attrs
}
