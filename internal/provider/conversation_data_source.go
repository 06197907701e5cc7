package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

var _ datasource.DataSourceWithConfigure = (*conversationDataSource)(nil)

// conversationDataSource is twilio_intelligence_conversation: one conversation by id,
// with its participants and communications.
type conversationDataSource struct {
	client *intelligence.Client
}

// NewConversationDataSource is the factory the provider registers.
func NewConversationDataSource() datasource.DataSource {
	return &conversationDataSource{}
}

const conversationDescription = "One conversation of Twilio's Conversational Intelligence API v3 by id (`GET /v3/Conversations/{id}`), with its participants and communications. " +
	"A conversation that does not exist is an error."

func conversationIDDescription() string {
	return "Id of the conversation, `conv_conversation_` followed by 26 characters (pattern `" + intelligence.ConversationIDPattern.String() + "`)."
}

func conversationIDValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(intelligence.ConversationIDPattern,
		"must be a conversation id: conv_conversation_ followed by a digit 0-7 and 25 lowercase letters or digits")}
}

func (d *conversationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_intelligence_conversation"
}

func (d *conversationDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceAttributes(conversationFields)
	attrs["id"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: conversationIDDescription(),
		Validators:          conversationIDValidators(),
	}
	attrs["timeouts"] = readTimeoutAttribute(ctx)
	resp.Schema = schema.Schema{MarkdownDescription: conversationDescription, Attributes: attrs}
}

func (d *conversationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *conversationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !configured(d.client, &resp.Diagnostics) {
		return
	}
	var id types.String
	var limits timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &limits)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := limits.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	state, err := fetchConversation(ctx, d.client, req.Config.Raw, id.ValueString(), deadline{timeout, "timeouts.read"}, &resp.Diagnostics)
	if err == nil {
		resp.State.Raw = state
	}
}

// fetchConversation reads one conversation and returns config with the results filled
// in; the data source and the ephemeral resource share it.
func fetchConversation(ctx context.Context, client *intelligence.Client, config tftypes.Value, id string, limit deadline, diags *diag.Diagnostics) (tftypes.Value, error) {
	conv, err := client.Get(ctx, id)
	if errors.Is(err, intelligence.ErrNotFound) {
		diags.AddAttributeError(path.Root("id"), "Twilio Intelligence conversation not found",
			fmt.Sprintf("No conversation %q exists for these credentials in this region: %v\n\n%s", id, err, intelligence.Advice(err)))
		return tftypes.Value{}, err
	}
	if err != nil {
		addClientError(ctx, diags, fmt.Sprintf("Unable to read Twilio Intelligence conversation %s", id), err, limit)
		return tftypes.Value{}, err
	}
	state, err := withAttributes(config, conversationAttributes(conv))
	if err != nil {
		diags.AddError("Unable to store Twilio Intelligence conversation "+id, err.Error())
	}
	return state, err
}
