# The versions of an operator and their lifecycle: which one is ACTIVE, and when a
# DEPRECATED one retires.
data "twilio_intelligence_operator" "sentiment" {
  display_name = "Customer Sentiment"
}

data "twilio_intelligence_operator_versions" "sentiment" {
  operator_id = data.twilio_intelligence_operator.sentiment.id
}

output "active_version" {
  value = one([for v in data.twilio_intelligence_operator_versions.sentiment.versions : v.version if v.status == "ACTIVE"])
}

output "retiring" {
  value = { for v in data.twilio_intelligence_operator_versions.sentiment.versions : v.version => v.retirement_date if v.status == "DEPRECATED" }
}
