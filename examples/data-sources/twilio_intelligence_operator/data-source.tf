# An operator found by its display name (it must name exactly one), at its current
# version.
data "twilio_intelligence_operator" "sentiment" {
  display_name = "Customer Sentiment"
}

output "sentiment" {
  value = {
    id            = data.twilio_intelligence_operator.sentiment.id
    version       = data.twilio_intelligence_operator.sentiment.version
    output_format = data.twilio_intelligence_operator.sentiment.output_format
  }
}

# The same operator by id at a given version, with that version's status.
data "twilio_intelligence_operator" "sentiment_v2" {
  id      = data.twilio_intelligence_operator.sentiment.id
  version = 2
}

output "sentiment_v2_status" {
  value = data.twilio_intelligence_operator.sentiment_v2.status
}
