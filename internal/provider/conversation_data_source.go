package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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
	var limits timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &limits)...)
	timeout := func(ctx context.Context) (time.Duration, diag.Diagnostics) {
		return limits.Read(ctx, defaultReadTimeout)
	}
	if state, ok := readConversation(ctx, d.client, req.Config, timeout, "timeouts.read", &resp.Diagnostics); ok {
		resp.State.Raw = state
	}
}

// readConversation is what the data source's Read and the ephemeral resource's Open
// share: take the id, bound the read by its timeout, fetch, and return the configuration
// with the results filled in. It reports false after adding an error to diags.
func readConversation(ctx context.Context, client *intelligence.Client, config tfsdk.Config,
	timeoutOf func(context.Context) (time.Duration, diag.Diagnostics), timeoutAttr string, diags *diag.Diagnostics,
) (tftypes.Value, bool) {
	if !configured(client, diags) || diags.HasError() {
		return tftypes.Value{}, false
	}
	var id types.String
	diags.Append(config.GetAttribute(ctx, path.Root("id"), &id)...)
	timeout, d := timeoutOf(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return tftypes.Value{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conv, err := client.Get(ctx, id.ValueString())
	if errors.Is(err, intelligence.ErrNotFound) {
		diags.AddAttributeError(path.Root("id"), "Twilio Intelligence conversation not found",
			fmt.Sprintf("No conversation %q exists for these credentials in this region: %v\n\n%s", id.ValueString(), err, intelligence.Advice(err)))
		return tftypes.Value{}, false
	}
	if err != nil {
		addClientError(ctx, diags, "Unable to read Twilio Intelligence conversation "+id.ValueString(), err, deadline{timeout, timeoutAttr})
		return tftypes.Value{}, false
	}
	state, err := withAttributes(config.Raw, conversationAttributes(conv))
	if err != nil {
		diags.AddError("Unable to store Twilio Intelligence conversation "+id.ValueString(), err.Error())
		return tftypes.Value{}, false
	}
	return state, true
}
