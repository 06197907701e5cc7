// Command twiliotwilio stands in for Twilio's own provider (twilio/twilio) in the test of
// examples/beside-twilio: a provider with the same name and the one resource type the
// example uses, with the attributes the example sets. Terraform cannot download the real
// one here, and the test is about which provider each block goes to, not about Twilio.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return twilioProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/twilio/twilio"})
	if err != nil {
		log.Fatal(err)
	}
}

type twilioProvider struct{}

func (twilioProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "twilio"
}

func (twilioProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (twilioProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (twilioProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return service{} }}
}

func (twilioProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// service is twilio_intelligence_services_v2, kept in memory (the state is its only store).
type service struct{}

type serviceModel struct {
	SID            types.String `tfsdk:"sid"`
	UniqueName     types.String `tfsdk:"unique_name"`
	AutoTranscribe types.Bool   `tfsdk:"auto_transcribe"`
}

func (service) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "twilio_intelligence_services_v2"
}

func (service) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"sid":             schema.StringAttribute{Computed: true},
		"unique_name":     schema.StringAttribute{Required: true},
		"auto_transcribe": schema.BoolAttribute{Optional: true},
	}}
}

func (service) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m serviceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.SID = types.StringValue("GA00000000000000000000000000000000")
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (service) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (service) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m, prior serviceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	m.SID = prior.SID
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (service) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
