package provider

import (
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

var (
	listItemType      = objectType(listItemFields)
	participantType   = objectType(participantFields)
	communicationType = objectType(communicationFields)
	contentType       = communicationType.AttributeTypes["content"]
)

// listItemValue is one element of the conversations list.
func listItemValue(c *intelligence.Conversation) tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(listItemFields))
	putListItemAttributes(attrs, c)
	return tftypes.NewValue(listItemType, attrs)
}

func putListItemAttributes(attrs map[string]tftypes.Value, c *intelligence.Conversation) {
	attrs["id"] = stringValue(c.ID)
	attrs["account_id"] = stringOrNull(c.AccountID)
	attrs["name"] = stringOrNull(c.Name)
	attrs["status"] = stringValue(c.Status)
	attrs["created_at"] = stringValue(c.CreatedAt)
	attrs["updated_at"] = stringValue(c.UpdatedAt)
	attrs["intelligence_configuration_ids"] = stringList(c.IntelligenceConfigurationIDs)
	attrs["conversation_configuration_id"] = stringValue(c.ConversationConfigurationID)
	attrs["channels"] = stringList(c.Channels)
	attrs["channel_ids"] = stringList(c.ChannelIDs)
	attrs["operator_result_ids"] = stringList(c.OperatorResultIDs)
	attrs["participants"] = objectList(participantType, c.Participants, participantValue)
}

func participantValue(p *intelligence.Participant) tftypes.Value {
	return tftypes.NewValue(participantType, map[string]tftypes.Value{
		"id":             stringValue(p.ID),
		"name":           stringOrNull(p.Name),
		"type":           stringOrNull(p.Type),
		"address_values": stringList(p.AddressValues),
	})
}

func communicationValue(m *intelligence.Communication) tftypes.Value {
	return tftypes.NewValue(communicationType, map[string]tftypes.Value{
		"id":             stringValue(m.ID),
		"participant_id": stringValue(m.ParticipantID),
		"content":        tftypes.NewValue(contentType, map[string]tftypes.Value{"text": stringOrNull(m.Content.Text)}),
		"created_at":     stringValue(m.CreatedAt),
	})
}
