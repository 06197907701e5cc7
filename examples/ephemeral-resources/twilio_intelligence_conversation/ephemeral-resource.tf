# The transcript is personal data: read it ephemerally so that it can feed another
# provider's configuration or a write-only attribute without ever being stored in the
# plan or the state. Requires Terraform 1.10 or later.
ephemeral "twilio_intelligence_conversation" "call" {
  id = "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2"
}

# An ephemeral local: use it in another provider's configuration or a write-only argument.
locals {
  transcript = join("\n", [
    for m in ephemeral.twilio_intelligence_conversation.call.communications : m.content.text if m.content.text != null
  ])
}
