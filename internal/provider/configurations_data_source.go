package provider

import (
	"context"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// NewConfigurationsDataSource is twilio_intelligence_configurations: every Intelligence
// Configuration of the account.
func NewConfigurationsDataSource() datasource.DataSource {
	return &listDataSource[intelligence.Configuration, struct{}]{spec: &configurationsSpec}
}

var configurationsSpec = listSpec[intelligence.Configuration, struct{}]{
	typeName: "_intelligence_configurations",
	noun:     "configurations",
	description: "Lists the Intelligence Configurations of Twilio's Conversational Intelligence API v3 (`GET /v3/ControlPlane/Configurations`): " +
		"which Language Operators run on which conversations, when, and where their results go. " +
		"All pages are read, so `configurations` is the full list unless `max_results` caps it. The API has no filters for configurations.",
	filter: func(context.Context, tfsdk.Config) (struct{}, diag.Diagnostics) { return struct{}{}, nil },
	list: func(c *intelligence.Client, ctx context.Context, _ struct{}, opts intelligence.ListOptions) (*intelligence.ListResult[intelligence.Configuration], error) {
		return c.ListConfigurations(ctx, opts)
	},
	query:              func(struct{}) (string, url.Values) { return "/v3/ControlPlane/Configurations", nil },
	results:            "configurations",
	resultsDescription: "The configurations, in API order.",
	fields:             configurationFields,
	value:              configurationValue,
	id:                 func(c *intelligence.Configuration) string { return c.ID },
}

// NewConfigurationDataSource is twilio_intelligence_configuration: one Intelligence
// Configuration by id or display name.
func NewConfigurationDataSource() datasource.DataSource {
	return &itemDataSource[intelligence.Configuration]{spec: &configurationSpec}
}

var configurationSpec = func() itemSpec[intelligence.Configuration] {
	args, validators := byIDOrName(configurationID)
	return itemSpec[intelligence.Configuration]{
		typeName: "_intelligence_configuration",
		description: "One Intelligence Configuration of Twilio's Conversational Intelligence API v3 (`GET /v3/ControlPlane/Configurations/{id}`), by id or by display name. " +
			"A configuration that does not exist, or a name that matches none or several, is an error.",
		fields:     configurationFields,
		args:       args,
		validators: validators,
		find:       findConfiguration,
		attributes: configurationAttributes,
	}
}()

func findConfiguration(ctx context.Context, c *intelligence.Client, config tfsdk.Config, limit deadline, diags *diag.Diagnostics) (*intelligence.Configuration, bool) {
	var name types.String
	diags.Append(config.GetAttribute(ctx, path.Root("display_name"), &name)...)
	if diags.HasError() {
		return nil, false
	}
	if name.IsNull() {
		return findByID(configurationID, (*intelligence.Client).GetConfiguration)(ctx, c, config, limit, diags)
	}
	return findByName(ctx, func(ctx context.Context) (*intelligence.ListResult[intelligence.Configuration], error) {
		return c.ListConfigurations(ctx, intelligence.ListOptions{})
	}, configurationID, "configurations", name.ValueString(),
		func(c *intelligence.Configuration) *string { return c.DisplayName },
		func(c *intelligence.Configuration) string { return c.ID }, limit, diags)
}
