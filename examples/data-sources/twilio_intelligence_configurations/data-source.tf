# Every Intelligence Configuration of the account, by display name.
data "twilio_intelligence_configurations" "all" {}

locals {
  configuration_ids = { for c in data.twilio_intelligence_configurations.all.configurations : c.display_name => c.id... }
}

# Feed a configuration's id to the conversations' filter by name.
data "twilio_intelligence_conversations" "post_call" {
  intelligence_configuration_ids = local.configuration_ids["post-call-analytics"]
  max_results                    = 100
}

output "post_call_conversations" {
  value = length(data.twilio_intelligence_conversations.post_call.ids)
}

# Where each configuration sends its results.
output "webhooks" {
  value = {
    for c in data.twilio_intelligence_configurations.all.configurations :
    c.display_name => distinct(flatten([for r in c.rules : [for a in r.actions : a.url]]))
  }
}
