# What the operators concluded about one conversation: a classification's label, a
# summary's text, extracted entities, or a JSON object shaped by the operator.
data "twilio_intelligence_operator_results" "call" {
  conversation_id = "conv_conversation_01k1etk2y5f1y9fpe2epfdtvv2"
}

output "call_results" {
  value = [
    for r in data.twilio_intelligence_operator_results.call.operator_results : {
      format = r.output_format
      label  = r.label
      text   = r.text
      result = jsondecode(r.result_json)
    }
  ]
}

# Every result of one operator, found by name: how many conversations a sentiment
# classifier labelled NEGATIVE.
data "twilio_intelligence_operator" "sentiment" {
  display_name = "Customer Sentiment"
}

data "twilio_intelligence_operator_results" "sentiment" {
  operator_id = data.twilio_intelligence_operator.sentiment.id
}

output "negative_conversations" {
  value = length(distinct([
    for r in data.twilio_intelligence_operator_results.sentiment.operator_results : r.conversation_id if r.label == "NEGATIVE"
  ]))
}
