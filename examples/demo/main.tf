# The demo that `make demo` applies against the bundled local Intelligence API. It reads
# like a real configuration: credentials and the API root come from the environment
# (TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_INTELLIGENCE_BASE_URL), filters select the
# conversations, and conversation metadata and what the operators concluded about them
# drive decisions.

terraform {
  required_providers {
    twilio = {
      source = "seed04710220/twilio"
    }
  }
}

provider "twilio" {}

variable "from" {
  description = "Start of the reporting period (RFC 3339)."
  type        = string
  default     = "2026-07-01T00:00:00Z"
}

variable "to" {
  description = "End of the reporting period (RFC 3339). Four months: wider than the API's 31-day limit, so the provider reads it as concurrent windows."
  type        = string
  default     = "2026-11-01T00:00:00Z"
}

variable "escalation_threshold" {
  description = "Open (ACTIVE) voice and chat conversations above which an escalation queue is created."
  type        = number
  default     = 10
}

variable "negative_threshold" {
  description = "Conversations of the last week that the sentiment classifier labelled NEGATIVE above which a review is opened."
  type        = number
  default     = 3
}

# Every conversation of the period: all pages and all 31-day windows, read for you.
data "twilio_intelligence_conversations" "period" {
  created_at_after  = var.from
  created_at_before = var.to
}

# Open live-channel conversations of the period.
data "twilio_intelligence_conversations" "open_live" {
  status            = "ACTIVE"
  channels          = ["VOICE", "CHAT"]
  created_at_after  = var.from
  created_at_before = var.to
}

# The five newest WhatsApp conversations, each read in full with for_each over ids.
data "twilio_intelligence_conversations" "whatsapp" {
  channels    = ["WHATSAPP"]
  max_results = 5
}

data "twilio_intelligence_conversation" "whatsapp" {
  for_each = toset(data.twilio_intelligence_conversations.whatsapp.ids)
  id       = each.value
}

# The intelligence: find the sentiment classifier and the configuration that runs it by
# their display names, then read what the classifier concluded about each conversation
# of the last week that configuration processed.
data "twilio_intelligence_operator" "sentiment" {
  display_name = "Customer Sentiment"
}

data "twilio_intelligence_configuration" "post_call" {
  display_name = "post-call-analytics"
}

data "twilio_intelligence_conversations" "last_week" {
  created_at_after               = timeadd(var.to, "-168h")
  created_at_before              = var.to
  intelligence_configuration_ids = [data.twilio_intelligence_configuration.post_call.id]
  operator_ids                   = [data.twilio_intelligence_operator.sentiment.id]
}

data "twilio_intelligence_operator_results" "sentiment" {
  for_each                      = toset(data.twilio_intelligence_conversations.last_week.ids)
  conversation_id               = each.value
  operator_id                   = data.twilio_intelligence_operator.sentiment.id
  intelligence_configuration_id = data.twilio_intelligence_configuration.post_call.id
}

locals {
  sentiment = {
    for id, results in data.twilio_intelligence_operator_results.sentiment :
    id => one([for r in results.operator_results : r.label]) if length(results.operator_results) > 0
  }

  negative = [for id, label in local.sentiment : id if label == "NEGATIVE"]
}

# A decision driven by what the operator concluded: a review opens only while more of
# last week's conversations were negative than the threshold.
resource "terraform_data" "sentiment_review" {
  count = length(local.negative) > var.negative_threshold ? 1 : 0
  input = {
    reason        = "${length(local.negative)} of ${length(local.sentiment)} conversations last week were NEGATIVE (threshold ${var.negative_threshold})"
    conversations = local.negative
  }
}

locals {
  conversations = data.twilio_intelligence_conversations.period.conversations
  statuses      = ["ACTIVE", "INACTIVE", "CLOSED"]
  channels      = ["VOICE", "SMS", "RCS", "EMAIL", "WHATSAPP", "CHAT", "API", "SYSTEM"]
  open_live     = length(data.twilio_intelligence_conversations.open_live.ids)
  newest        = data.twilio_intelligence_conversation.whatsapp[data.twilio_intelligence_conversations.whatsapp.ids[0]]
}

# A decision driven by conversation metadata: an escalation queue exists only while
# there are more open live conversations than the threshold, sized one agent per five.
resource "terraform_data" "escalation_queue" {
  count = local.open_live > var.escalation_threshold ? 1 : 0
  input = {
    reason = "${local.open_live} open voice/chat conversations (threshold ${var.escalation_threshold})"
    agents = ceil(local.open_live / 5)
  }
}

output "matched" {
  description = "Conversations created in the period."
  value       = length(local.conversations)
}

output "by_status" {
  value = { for s in local.statuses : s => length([for c in local.conversations : c if c.status == s]) }
}

output "by_channel" {
  value = { for ch in local.channels : ch => length([for c in local.conversations : c if contains(c.channels, ch)]) }
}

output "newest_names" {
  description = "The five newest conversations of the period (a name can be null)."
  value       = [for c in slice(local.conversations, 0, min(5, length(local.conversations))) : coalesce(c.name, "(no name)")]
}

output "newest_whatsapp" {
  description = "The newest WhatsApp conversation, with its participants and how many messages it has."
  value = {
    id       = local.newest.id
    name     = local.newest.name
    messages = length(local.newest.communications)
    participants = [
      for p in local.newest.participants : "${coalesce(p.name, "(unnamed)")} [${coalesce(p.type, "UNKNOWN")}] ${join(", ", p.address_values)}"
    ]
  }
}

output "escalation" {
  value = length(terraform_data.escalation_queue) > 0 ? terraform_data.escalation_queue[0].output.reason : "none needed (${local.open_live} open voice/chat conversations)"
}

output "sentiment_last_week" {
  description = "Customer Sentiment labels of last week's post-call-analytics conversations."
  value       = { for label in ["POSITIVE", "NEUTRAL", "NEGATIVE"] : label => length([for l in values(local.sentiment) : l if l == label]) }
}

output "sentiment_decision" {
  value = length(terraform_data.sentiment_review) > 0 ? "review opened: ${terraform_data.sentiment_review[0].output.reason}" : "no review: ${length(local.negative)} NEGATIVE of ${length(local.sentiment)} (threshold ${var.negative_threshold})"
}
