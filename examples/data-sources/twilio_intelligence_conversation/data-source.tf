data "twilio_intelligence_conversation" "call" {
  id = "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2"

  timeouts = {
    read = "2m"
  }
}

# Every customer address of the conversation, for an allow-list.
output "customer_addresses" {
  value = flatten([
    for p in data.twilio_intelligence_conversation.call.participants : p.address_values
    if p.type == "CUSTOMER"
  ])
}

output "messages" {
  value = length(data.twilio_intelligence_conversation.call.communications)
}
