package provider

import "github.com/seed04710220/terraform-provider-twilio/internal/intelligence"

// The attributes of operator results, Language Operators and their versions, and
// Intelligence Configurations. Free-form API objects are *_json strings (kindJSON).

const jsonNote = " JSON-encoded, for `jsondecode()`; null when the API sends none."

var operatorResultFields = []field{
	{name: "id", kind: kindString, description: "Operator result id (`intelligence_operatorresult_…`)."},
	{name: "account_id", kind: kindString, description: "SID of the account that owns the result."},
	{name: "output_format", kind: kindString, description: "Format of the result, set by the operator that produced it: " + codeList(intelligence.OutputFormats) + ". It decides which of `label`, `text` and `entities` is set."},
	{name: "conversation_id", kind: kindString, description: "Id of the conversation the result is about."},
	{name: "date_created", kind: kindString, description: "When the result was created (RFC 3339, as the API gives it)."},
	{name: "intelligence_configuration", kind: kindObject, description: "The Intelligence Configuration, and the rule in it, that produced the result.", nested: configRefFields},
	{name: "operator", kind: kindObject, description: "The Language Operator that produced the result.", nested: operatorRefFields},
	{name: "reference_ids", kind: kindStringList, description: "Ids of objects the result refers to, such as communications or participants."},
	{name: "label", kind: kindString, description: "The label a `CLASSIFICATION` operator chose; null for other formats."},
	{name: "text", kind: kindString, description: "The text a `TEXT` operator wrote, such as a summary; null for other formats."},
	{name: "entities", kind: kindObjectList, description: "The entities an `EXTRACTION` operator found; null for other formats.", nested: entityFields},
	{name: "result_json", kind: kindJSON, description: "The whole `result` object, whatever the format (for `JSON` operators, shaped by the operator's `output_schema_json`)." + jsonNote},
	{name: "execution_details_json", kind: kindJSON, description: "How the operator ran: trigger, communications range, channels, participants, resolved context." + jsonNote},
	{name: "metadata_json", kind: kindJSON, description: "System metadata of the run, such as the model, latency and character counts." + jsonNote},
}

var (
	configRefFields = []field{
		{name: "id", kind: kindString, description: "Intelligence Configuration id."},
		{name: "rule_id", kind: kindString, description: "Id of the configuration's rule that triggered the operator."},
		{name: "version", kind: kindInt64, description: "Version of the configuration used."},
	}
	operatorRefFields = []field{
		{name: "id", kind: kindString, description: "Language Operator id."},
		{name: "version", kind: kindInt64, description: "Version of the operator used."},
		{name: "parameters_json", kind: kindJSON, description: "Parameter values the operator ran with, from the configuration's rule." + jsonNote},
	}
	entityFields = []field{
		{name: "text", kind: kindString, description: "The entity as it appears in the conversation."},
		{name: "label", kind: kindString, description: "The kind of entity, such as `PERSON` or `LOCATION`."},
	}
)

// operatorFields are the attributes of a LanguageOperator.
var operatorFields = []field{
	{name: "id", kind: kindString, description: "Language Operator id (`intelligence_operator_…`)."},
	{name: "display_name", kind: kindString, description: "Display name of the operator."},
	{name: "description", kind: kindString, description: "What the operator is for."},
	{name: "version", kind: kindInt64, description: "Version of the operator."},
	{name: "author", kind: kindString, description: "Who maintains the operator: " + codeList(intelligence.Authors) + " (`SELF` is a custom operator)."},
	{name: "prompt", kind: kindString, description: "Instructions the operator gives the model; null for Twilio-authored operators, whose prompts the API does not show."},
	{name: "output_format", kind: kindString, description: "Format of the operator's results, such as `CLASSIFICATION`, `TEXT` or `JSON`."},
	{name: "output_schema_json", kind: kindJSON, description: "JSON Schema of the results of a `JSON` operator." + jsonNote},
	{name: "training_examples", kind: kindObjectList, description: "Example inputs and the outputs expected for them; null for Twilio-authored operators.", nested: trainingExampleFields},
	{name: "context_json", kind: kindJSON, description: "Which context sources (Memory, Knowledge) the operator may use." + jsonNote},
	{name: "parameters_json", kind: kindJSON, description: "The parameters the operator takes, by name, with type, default and whether required." + jsonNote},
}

var trainingExampleFields = []field{
	{name: "input", kind: kindString, description: "Sample input."},
	{name: "output", kind: kindString, description: "Expected output for it."},
}

// operatorVersionFields are what reading an operator at a version adds.
var operatorVersionFields = []field{
	{name: "status", kind: kindString, description: "Status of the version that was read: " + codeList(intelligence.VersionStatuses) + ". Null unless `version` is set."},
	{name: "date_created", kind: kindString, description: "When the version that was read was created (RFC 3339). Null unless `version` is set."},
}

// versionListFields are the attributes of one item of an operator's versions.
var versionListFields = []field{
	{name: "version", kind: kindInt64, description: "Version number."},
	{name: "status", kind: kindString, description: "Status of the version: " + codeList(intelligence.VersionStatuses) + "."},
	{name: "date_created", kind: kindString, description: "When the version was created (RFC 3339)."},
	{name: "date_deprecated", kind: kindString, description: "When the version was deprecated; set for `DEPRECATED` and `RETIRED` versions."},
	{name: "retirement_date", kind: kindString, description: "When a `DEPRECATED` version is due to retire."},
	{name: "date_retired", kind: kindString, description: "When the version was retired; set for `RETIRED` versions."},
}

var configurationFields = []field{
	{name: "id", kind: kindString, description: "Intelligence Configuration id (`intelligence_configuration_…`)."},
	{name: "account_id", kind: kindString, description: "SID of the account that owns the configuration."},
	{name: "display_name", kind: kindString, description: "Display name of the configuration."},
	{name: "description", kind: kindString, description: "What the configuration is for."},
	{name: "version", kind: kindInt64, description: "Version of the configuration, raised by every update."},
	{name: "date_created", kind: kindString, description: "When the configuration was created (RFC 3339)."},
	{name: "date_updated", kind: kindString, description: "When the configuration was last updated (RFC 3339)."},
	{name: "rules", kind: kindObjectList, description: "Which operators run on which conversations, when, and where their results go.", nested: ruleFields},
}

var (
	ruleFields = []field{
		{name: "id", kind: kindString, description: "Rule id (`intelligence_configurationrule_…`)."},
		{name: "operators", kind: kindObjectList, description: "Operators the rule runs.", nested: ruleOperatorFields},
		{name: "triggers", kind: kindObjectList, description: "Conversation events that run the rule.", nested: triggerFields},
		{name: "actions", kind: kindObjectList, description: "Where the rule sends its results.", nested: actionFields},
		{name: "context_json", kind: kindJSON, description: "Context sources (Memory, Knowledge bases) the rule's operators may use." + jsonNote},
	}
	ruleOperatorFields = []field{
		{name: "id", kind: kindString, description: "Language Operator id."},
		{name: "version", kind: kindInt64, description: "Version of the operator the rule runs; null for its current version."},
		{name: "parameters_json", kind: kindJSON, description: "Parameter values the operator runs with." + jsonNote},
	}
	triggerFields = []field{
		{name: "on", kind: kindString, description: "The event: " + codeList(intelligence.TriggerEvents) + "."},
		{name: "parameters_json", kind: kindJSON, description: "Trigger parameters, such as `count` for `COMMUNICATION`." + jsonNote},
	}
	actionFields = []field{
		{name: "type", kind: kindString, description: "Kind of action, such as `WEBHOOK`."},
		{name: "method", kind: kindString, description: "HTTP method of the webhook, such as `POST`."},
		{name: "url", kind: kindString, description: "URL of the webhook."},
	}
)
