package provider

import (
	"context"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// NewOperatorResultsDataSource is twilio_intelligence_operator_results: what Language
// Operators concluded about conversations, filtered by conversation, configuration or
// operator.
func NewOperatorResultsDataSource() datasource.DataSource {
	return &listDataSource[intelligence.OperatorResult, intelligence.OperatorResultFilter]{spec: &operatorResultsSpec}
}

var operatorResultsSpec = listSpec[intelligence.OperatorResult, intelligence.OperatorResultFilter]{
	typeName: "_intelligence_operator_results",
	noun:     "operator results",
	description: "Lists the operator results of Twilio's Conversational Intelligence API v3 (`GET /v3/OperatorResults`): what Language Operators concluded about conversations, " +
		"such as a classification's `label`, a summary's `text` or the `entities` an extraction found. Every filter given must match. " +
		"All pages are read, so `operator_results` is the full result set unless `max_results` caps it.",
	args: map[string]schema.Attribute{
		"conversation_id":               idAttribute(conversationID, false, "Only the results about this conversation. API parameter `conversationId`."),
		"intelligence_configuration_id": idAttribute(configurationID, false, "Only the results produced through this Intelligence Configuration. API parameter `intelligenceConfigurationId`."),
		"operator_id":                   idAttribute(operatorID, false, "Only the results of this Language Operator. API parameter `operatorId`."),
	},
	filter: operatorResultFilter,
	list:   (*intelligence.Client).ListOperatorResults,
	query: func(f intelligence.OperatorResultFilter) (string, url.Values) {
		return "/v3/OperatorResults", f.Values()
	},
	results:            "operator_results",
	resultsDescription: "The matching operator results, in API order.",
	fields:             operatorResultFields,
	value:              operatorResultValue,
	id:                 func(r *intelligence.OperatorResult) string { return r.ID },
}

func operatorResultFilter(ctx context.Context, config tfsdk.Config) (intelligence.OperatorResultFilter, diag.Diagnostics) {
	var conv, cfg, op types.String
	diags := config.GetAttribute(ctx, path.Root("conversation_id"), &conv)
	diags.Append(config.GetAttribute(ctx, path.Root("intelligence_configuration_id"), &cfg)...)
	diags.Append(config.GetAttribute(ctx, path.Root("operator_id"), &op)...)
	return intelligence.OperatorResultFilter{
		ConversationID: conv.ValueString(), IntelligenceConfigurationID: cfg.ValueString(), OperatorID: op.ValueString(),
	}, diags
}

// NewOperatorResultDataSource is twilio_intelligence_operator_result: one operator result
// by id.
func NewOperatorResultDataSource() datasource.DataSource {
	return &itemDataSource[intelligence.OperatorResult]{spec: &operatorResultSpec}
}

var operatorResultSpec = itemSpec[intelligence.OperatorResult]{
	typeName: "_intelligence_operator_result",
	description: "One operator result of Twilio's Conversational Intelligence API v3 by id (`GET /v3/OperatorResults/{id}`): what a Language Operator concluded about a conversation. " +
		"A result that does not exist is an error.",
	fields:     operatorResultFields,
	args:       map[string]schema.Attribute{"id": idAttribute(resultID, true, "The operator result to read, such as one of a conversation's `operator_result_ids`.")},
	find:       findByID(resultID, (*intelligence.Client).GetOperatorResult),
	attributes: operatorResultAttributes,
}
