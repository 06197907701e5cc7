package provider

import (
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// Result values are built as tftypes values directly rather than through tfsdk structs:
// reflection over ten thousand conversations costs seconds (../shared/design.md section 8,
// and BenchmarkConversationsValue), and direct values keep null and [] apart for free.

var (
	listItemType     = objectType(listItemFields)
	conversationType = objectType(conversationFields)
	participantType  = objectType(participantFields)
	communicationTyp = objectType(communicationFields)
	contentType      = communicationTyp.AttributeTypes["content"]
	stringListType   = tftypes.List{ElementType: tftypes.String}
)

// listItemValue is one element of the conversations list.
func listItemValue(c *intelligence.Conversation) tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(listItemFields)+1)
	putListItemAttributes(attrs, c)
	return tftypes.NewValue(listItemType, attrs)
}

// conversationAttributes are the computed attributes of the single conversation: the list
// item's plus communications.
func conversationAttributes(c *intelligence.Conversation) map[string]tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(conversationFields))
	putListItemAttributes(attrs, c)
	var comms []tftypes.Value
	if c.Communications != nil {
		comms = make([]tftypes.Value, len(c.Communications))
		for i := range c.Communications {
			comms[i] = communicationValue(&c.Communications[i])
		}
	}
	attrs["communications"] = listOrNull(communicationTyp, comms, c.Communications == nil)
	return attrs
}

func putListItemAttributes(attrs map[string]tftypes.Value, c *intelligence.Conversation) {
	attrs["id"] = tftypes.NewValue(tftypes.String, c.ID)
	attrs["account_id"] = stringOrNull(c.AccountID)
	attrs["name"] = stringOrNull(c.Name)
	attrs["status"] = tftypes.NewValue(tftypes.String, c.Status)
	attrs["created_at"] = tftypes.NewValue(tftypes.String, c.CreatedAt)
	attrs["updated_at"] = tftypes.NewValue(tftypes.String, c.UpdatedAt)
	attrs["intelligence_configuration_ids"] = stringList(c.IntelligenceConfigurationIDs)
	attrs["conversation_configuration_id"] = tftypes.NewValue(tftypes.String, c.ConversationConfigurationID)
	attrs["channels"] = stringList(c.Channels)
	attrs["channel_ids"] = stringList(c.ChannelIDs)
	attrs["operator_result_ids"] = stringList(c.OperatorResultIDs)
	var participants []tftypes.Value
	if c.Participants != nil {
		participants = make([]tftypes.Value, len(c.Participants))
		for i, p := range c.Participants {
			participants[i] = tftypes.NewValue(participantType, map[string]tftypes.Value{
				"id":             tftypes.NewValue(tftypes.String, p.ID),
				"name":           stringOrNull(p.Name),
				"type":           stringOrNull(p.Type),
				"address_values": stringList(p.AddressValues),
			})
		}
	}
	attrs["participants"] = listOrNull(participantType, participants, c.Participants == nil)
}

func communicationValue(m *intelligence.Communication) tftypes.Value {
	return tftypes.NewValue(communicationTyp, map[string]tftypes.Value{
		"id":             tftypes.NewValue(tftypes.String, m.ID),
		"participant_id": tftypes.NewValue(tftypes.String, m.ParticipantID),
		"content": tftypes.NewValue(contentType, map[string]tftypes.Value{
			"text": stringOrNull(m.Content.Text),
		}),
		"created_at": tftypes.NewValue(tftypes.String, m.CreatedAt),
	})
}

// stringOrNull keeps a JSON null a Terraform null.
func stringOrNull(s *string) tftypes.Value {
	if s == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, *s)
}

// stringList keeps a JSON null a Terraform null and [] an empty list.
func stringList(values []string) tftypes.Value {
	if values == nil {
		return tftypes.NewValue(stringListType, nil)
	}
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(stringListType, elems)
}

func listOrNull(elem tftypes.Type, elems []tftypes.Value, null bool) tftypes.Value {
	t := tftypes.List{ElementType: elem}
	if null {
		return tftypes.NewValue(t, nil)
	}
	return tftypes.NewValue(t, elems)
}

// withAttributes returns a copy of the object value config with some attributes
// replaced: the state of a read is its configuration plus the computed results. The map
// that As fills belongs to config, so it is copied, never written.
func withAttributes(config tftypes.Value, replace map[string]tftypes.Value) (tftypes.Value, error) {
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	out := make(map[string]tftypes.Value, len(attrs))
	for k, v := range attrs {
		out[k] = v
	}
	for k, v := range replace {
		out[k] = v
	}
	return tftypes.NewValue(config.Type(), out), nil
}
