# Closed voice conversations of the last quarter. The range is wider than the API's
# 31-day limit, so the provider reads it as several windows, concurrently.
data "twilio_intelligence_conversations" "closed_voice" {
  status            = "CLOSED"
  channels          = ["VOICE"]
  created_at_after  = "2026-07-01T00:00:00Z"
  created_at_before = "2026-10-01T00:00:00Z"
}

# One output per conversation, keyed by id.
output "closed_voice_names" {
  value = {
    for c in data.twilio_intelligence_conversations.closed_voice.conversations : c.id => c.name
  }
}

# Count the active conversations of one Intelligence Configuration and size something
# with it: here, the number of agents a queue should have (one per five conversations).
data "twilio_intelligence_conversations" "active" {
  status                         = "ACTIVE"
  intelligence_configuration_ids = ["intelligence_configuration_01kermhm82e5mr98nbeh1hpmbn"]
}

resource "terraform_data" "queue_size" {
  input = max(1, ceil(length(data.twilio_intelligence_conversations.active.ids) / 5))
}

# Look a conversation up by the Call SID (or Message SID) that started it.
data "twilio_intelligence_conversations" "by_call" {
  channel_id = "CA1234567890abcdef1234567890abcdef"
}

output "conversation_for_call" {
  value = one(data.twilio_intelligence_conversations.by_call.ids)
}

# for_each over ids: fetch each of the newest 20 WhatsApp conversations in full.
data "twilio_intelligence_conversations" "latest_whatsapp" {
  channels    = ["WHATSAPP"]
  max_results = 20
}

data "twilio_intelligence_conversation" "latest_whatsapp" {
  for_each = toset(data.twilio_intelligence_conversations.latest_whatsapp.ids)
  id       = each.value
}
