# A configuration found by its display name (it must name exactly one), with the
# operators its rules run and the events that trigger them.
data "twilio_intelligence_configuration" "post_call" {
  display_name = "post-call-analytics"
}

output "rules" {
  value = [
    for r in data.twilio_intelligence_configuration.post_call.rules : {
      operators = [for o in r.operators : o.id]
      triggers  = [for t in r.triggers : t.on]
    }
  ]
}
