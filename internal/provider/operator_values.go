package provider

import (
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

var (
	operatorResultType  = objectType(operatorResultFields)
	configRefType       = objectType(configRefFields)
	operatorRefType     = objectType(operatorRefFields)
	entityType          = objectType(entityFields)
	operatorType        = objectType(operatorFields)
	trainingExampleType = objectType(trainingExampleFields)
	versionListType     = objectType(versionListFields)
	configurationType   = objectType(configurationFields)
	ruleType            = objectType(ruleFields)
	ruleOperatorType    = objectType(ruleOperatorFields)
	triggerType         = objectType(triggerFields)
	actionType          = objectType(actionFields)
)

func operatorResultAttributes(r *intelligence.OperatorResult) map[string]tftypes.Value {
	parsed := r.Parsed()
	configRef := tftypes.NewValue(configRefType, nil)
	if c := r.IntelligenceConfiguration; c != nil {
		configRef = tftypes.NewValue(configRefType, map[string]tftypes.Value{
			"id": stringOrNull(c.ID), "rule_id": stringOrNull(c.RuleID), "version": versionOrNull(c.Version),
		})
	}
	operatorRef := tftypes.NewValue(operatorRefType, nil)
	if r.Operator != nil {
		operatorRef = operatorRefValue(operatorRefType, r.Operator)
	}
	return map[string]tftypes.Value{
		"id":                         stringValue(r.ID),
		"account_id":                 stringOrNull(r.AccountID),
		"output_format":              stringOrNull(r.OutputFormat),
		"conversation_id":            stringOrNull(r.ConversationID),
		"date_created":               stringOrNull(r.DateCreated),
		"intelligence_configuration": configRef,
		"operator":                   operatorRef,
		"reference_ids":              stringList(r.ReferenceIDs),
		"label":                      stringOrNull(parsed.Label),
		"text":                       stringOrNull(parsed.Text),
		"entities": objectList(entityType, parsed.Entities, func(e *intelligence.Entity) tftypes.Value {
			return tftypes.NewValue(entityType, map[string]tftypes.Value{"text": stringOrNull(e.Text), "label": stringOrNull(e.Label)})
		}),
		"result_json":            jsonOrNull(r.Result),
		"execution_details_json": jsonOrNull(r.ExecutionDetails),
		"metadata_json":          jsonOrNull(r.Metadata),
	}
}

// operatorRefValue is a result's operator or a rule's operator: the same fields,
// documented apart because a rule's null version means the operator's current one.
func operatorRefValue(typ tftypes.Object, o *intelligence.OperatorRef) tftypes.Value {
	return tftypes.NewValue(typ, map[string]tftypes.Value{
		"id": stringOrNull(o.ID), "version": versionOrNull(o.Version), "parameters_json": jsonOrNull(o.Parameters),
	})
}

func operatorResultValue(r *intelligence.OperatorResult) tftypes.Value {
	return tftypes.NewValue(operatorResultType, operatorResultAttributes(r))
}

func operatorAttributes(o *intelligence.Operator) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"id":                 stringValue(o.ID),
		"display_name":       stringOrNull(o.DisplayName),
		"description":        stringOrNull(o.Description),
		"version":            versionOrNull(o.Version),
		"author":             stringOrNull(o.Author),
		"prompt":             stringOrNull(o.Prompt),
		"output_format":      stringOrNull(o.OutputFormat),
		"output_schema_json": jsonOrNull(o.OutputSchema),
		"training_examples": objectList(trainingExampleType, o.TrainingExamples, func(e *intelligence.TrainingExample) tftypes.Value {
			return tftypes.NewValue(trainingExampleType, map[string]tftypes.Value{"input": stringOrNull(e.Input), "output": stringOrNull(e.Output)})
		}),
		"context_json":    jsonOrNull(o.Context),
		"parameters_json": jsonOrNull(o.Parameters),
	}
}

func operatorValue(o *intelligence.Operator) tftypes.Value {
	return tftypes.NewValue(operatorType, operatorAttributes(o))
}

func versionValue(v *intelligence.OperatorVersion) tftypes.Value {
	return tftypes.NewValue(versionListType, map[string]tftypes.Value{
		"version":         versionOrNull(v.Version),
		"status":          stringOrNull(v.Status),
		"date_created":    stringOrNull(v.DateCreated),
		"date_deprecated": stringOrNull(v.DateDeprecated),
		"retirement_date": stringOrNull(v.RetirementDate),
		"date_retired":    stringOrNull(v.DateRetired),
	})
}

func configurationAttributes(c *intelligence.Configuration) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"id":           stringValue(c.ID),
		"account_id":   stringOrNull(c.AccountID),
		"display_name": stringOrNull(c.DisplayName),
		"description":  stringOrNull(c.Description),
		"version":      versionOrNull(c.Version),
		"date_created": stringOrNull(c.DateCreated),
		"date_updated": stringOrNull(c.DateUpdated),
		"rules":        objectList(ruleType, c.Rules, ruleValue),
	}
}

func configurationValue(c *intelligence.Configuration) tftypes.Value {
	return tftypes.NewValue(configurationType, configurationAttributes(c))
}

func ruleValue(r *intelligence.Rule) tftypes.Value {
	return tftypes.NewValue(ruleType, map[string]tftypes.Value{
		"id": stringOrNull(r.ID),
		"operators": objectList(ruleOperatorType, r.Operators, func(o *intelligence.OperatorRef) tftypes.Value {
			return operatorRefValue(ruleOperatorType, o)
		}),
		"triggers": objectList(triggerType, r.Triggers, func(t *intelligence.Trigger) tftypes.Value {
			return tftypes.NewValue(triggerType, map[string]tftypes.Value{"on": stringOrNull(t.On), "parameters_json": jsonOrNull(t.Parameters)})
		}),
		"actions": objectList(actionType, r.Actions, func(a *intelligence.Action) tftypes.Value {
			return tftypes.NewValue(actionType, map[string]tftypes.Value{
				"type": stringOrNull(a.Type), "method": stringOrNull(a.Method), "url": stringOrNull(a.URL),
			})
		}),
		"context_json": jsonOrNull(r.Context),
	})
}
