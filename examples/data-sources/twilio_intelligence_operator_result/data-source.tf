# One operator result by id, such as one of a conversation's operator_result_ids. This
# one comes from a JSON operator, so its result is read with jsondecode().
data "twilio_intelligence_operator_result" "adherence" {
  id = "intelligence_operatorresult_01k6fc25s7epm9qtk8rszbv3q5"
}

output "adherence_score" {
  value = jsondecode(data.twilio_intelligence_operator_result.adherence.result_json).score
}

output "produced_by" {
  value = "${data.twilio_intelligence_operator_result.adherence.operator.id} v${data.twilio_intelligence_operator_result.adherence.operator.version}"
}
