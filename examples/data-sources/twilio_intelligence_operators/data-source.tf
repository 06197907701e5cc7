# Every Language Operator the account can use, by display name: the ids to give the
# conversations' operator_ids filter without copying them from the console.
data "twilio_intelligence_operators" "all" {}

output "operator_ids_by_name" {
  value = { for o in data.twilio_intelligence_operators.all.operators : o.display_name => o.id... }
}

# Only the account's own classifiers. The API has no filters for operators, so these
# apply to what was read.
data "twilio_intelligence_operators" "own_classifiers" {
  author        = "SELF"
  output_format = "CLASSIFICATION"
}
