# This provider next to Twilio's own (twilio/twilio). Both want the local name "twilio"
# and both name their types twilio_*, so one of them needs another local name: here this
# one is "twiliointelligence", and Twilio's keeps "twilio".
terraform {
  required_providers {
    twilio = {
      source = "twilio/twilio"
    }
    twiliointelligence = {
      source = "seed04710220/twilio"
    }
  }
}

# Both read TWILIO_API_KEY and TWILIO_API_SECRET (or TWILIO_ACCOUNT_SID and
# TWILIO_AUTH_TOKEN) from the environment, so one set of variables serves both.
provider "twilio" {}

provider "twiliointelligence" {
  max_retries = 8
}

# No provider argument: Terraform takes the provider whose local name is the type's first
# word, "twilio", which is Twilio's provider.
resource "twilio_intelligence_services_v2" "support" {
  unique_name     = "support-calls"
  auto_transcribe = true
}

# Every block of this provider says so, or Terraform would look for the type in Twilio's.
data "twilio_intelligence_conversations" "closed" {
  provider = twiliointelligence
  status   = "CLOSED"
}

output "closed_conversations" {
  value = length(data.twilio_intelligence_conversations.closed.ids)
}
