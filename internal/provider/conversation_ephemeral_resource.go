package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*conversationEphemeralResource)(nil)

// conversationEphemeralResource is the ephemeral twin of twilio_intelligence_conversation:
// the same attributes, but its values never reach the plan or the state, which matters
// because conversation text is personal data.
type conversationEphemeralResource struct {
	client *intelligence.Client
}

// NewConversationEphemeralResource is the factory the provider registers.
func NewConversationEphemeralResource() ephemeral.EphemeralResource {
	return &conversationEphemeralResource{}
}

func (r *conversationEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + conversationSpec.typeName
}

func (r *conversationEphemeralResource) Schema(ctx context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	attrs := ephemeralAttributes(conversationFields)
	id := idAttribute(conversationID, true, conversationIDDescription)
	attrs["id"] = schema.StringAttribute{Required: true, MarkdownDescription: id.MarkdownDescription, Validators: id.Validators}
	limits, _ := timeouts.AttributesWithOpts(ctx, timeouts.Opts{OpenDescription: strings.Replace(readTimeoutDescription, "one read", "opening the resource", 1)}).(schema.SingleNestedAttribute)
	limits.MarkdownDescription = "Time limits for this ephemeral resource."
	attrs["timeouts"] = limits
	resp.Schema = schema.Schema{
		MarkdownDescription: conversationDescription + " Ephemeral: the values are available to other providers' " +
			"configuration and to write-only attributes but are never stored in the plan or the state. Requires Terraform 1.10 or later.",
		Attributes: attrs,
	}
}

func (r *conversationEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *conversationEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if !configured(r.client, "ephemeral resource", &resp.Diagnostics) {
		return
	}
	var limits timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &limits)...)
	timeout, diags := limits.Open(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conv, ok := conversationSpec.find(ctx, r.client, req.Config, deadline{timeout: timeout, attr: "timeouts.open"}, &resp.Diagnostics)
	if !ok {
		return
	}
	result, err := withAttributes(req.Config.Raw, conversationAttributes(conv))
	if err != nil {
		resp.Diagnostics.AddError("Unable to store the Twilio Intelligence conversation", err.Error())
		return
	}
	resp.Result.Raw = result
}
