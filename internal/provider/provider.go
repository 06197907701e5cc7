// Package provider maps between Terraform and the Intelligence API client: the provider
// configuration, the data sources and the ephemeral resource. Everything about HTTP lives
// in package intelligence.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

var (
	_ provider.Provider                       = (*TwilioProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*TwilioProvider)(nil)
)

// TwilioProvider is the twilio provider.
type TwilioProvider struct {
	// version is set by goreleaser through ldflags, "dev" for local builds and "test" in
	// acceptance tests.
	version string
}

// New returns the provider factory that main and the tests serve.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &TwilioProvider{version: version}
	}
}

// providerModel is the provider block.
type providerModel struct {
	AccountSID types.String `tfsdk:"account_sid"`
	AuthToken  types.String `tfsdk:"auth_token"`
	APIKey     types.String `tfsdk:"api_key"`
	APISecret  types.String `tfsdk:"api_secret"`
	Region     types.String `tfsdk:"region"`
	Edge       types.String `tfsdk:"edge"`
	BaseURL    types.String `tfsdk:"base_url"`
	MaxRetries types.Int64  `tfsdk:"max_retries"`
}

// Metadata names the provider.
func (p *TwilioProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "twilio"
	resp.Version = p.version
}

// Schema describes the provider block. Every attribute is optional and falls back to an
// environment variable, so the same configuration runs on a laptop and in CI.
func (p *TwilioProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Read access to Twilio's Conversational Intelligence API v3. " +
			"Authenticate with an API key and secret (recommended by Twilio) or with the account SID and auth token. " +
			"Every attribute is optional and falls back to its environment variable; a value in the configuration wins.",
		Attributes: map[string]schema.Attribute{
			attrAccountSID: schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Twilio account SID (`AC` followed by 32 hexadecimal characters), used with `auth_token`. Environment variable: `TWILIO_ACCOUNT_SID`.",
				Validators:          []validator.String{stringvalidator.RegexMatches(intelligence.AccountSIDPattern, "must be AC followed by 32 hexadecimal characters")},
			},
			attrAuthToken: schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Auth token of the account, used with `account_sid` when no API key is set. Environment variable: `TWILIO_AUTH_TOKEN`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			attrAPIKey: schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "API key SID (`SK` followed by 32 hexadecimal characters), used with `api_secret`. Preferred over the auth token when both are set. Environment variable: `TWILIO_API_KEY`.",
				Validators:          []validator.String{stringvalidator.RegexMatches(intelligence.APIKeySIDPattern, "must be SK followed by 32 hexadecimal characters")},
			},
			attrAPISecret: schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Secret of the API key. Environment variable: `TWILIO_API_SECRET`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			attrRegion: schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Twilio region to send requests to, for example `us1`, `ie1` or `au1`. API keys are regional: use the region the key was created in. " +
					"Requests go to `https://intelligence.{edge}.{region}.twilio.com`; without `edge` the region's default edge is used, as Twilio's helper libraries do: " +
					defaultEdgeList("`") + ". So `region = \"ie1\"` alone reaches `https://intelligence.dublin.ie1.twilio.com`. " +
					"Any other region needs `edge`. Environment variable: `TWILIO_REGION`.",
				Validators: []validator.String{stringvalidator.RegexMatches(intelligence.RegionPattern, "must be a Twilio region such as us1, ie1 or au1")},
			},
			attrEdge: schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Twilio edge location, for example `ashburn`, `dublin` or `sydney`: requests go to `https://intelligence.{edge}.{region}.twilio.com`. " +
					"An edge without a region implies `us1`; with neither, requests go to `" + intelligence.DefaultBaseURL + "`. Environment variable: `TWILIO_EDGE`.",
				Validators: []validator.String{stringvalidator.RegexMatches(intelligence.EdgePattern, "must be a Twilio edge such as ashburn, dublin or sydney")},
			},
			attrBaseURL: schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Full override of the API root, for example a local stub. Wins over `region` and `edge`. " +
					"Must use `https`, except for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`), which may use `http`. " +
					"Default: `" + intelligence.DefaultBaseURL + "` or the root that `region` and `edge` select. Environment variable: `TWILIO_INTELLIGENCE_BASE_URL`.",
				Validators: []validator.String{baseURLValidator{}},
			},
			attrMaxRetries: schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times one request is retried after HTTP 429, a 5xx status or a connection error, with exponential backoff that honours `Retry-After` and `X-RateLimit-Reset`. "+
					"`0` disables retries. Default: `%d`. Environment variable: `TWILIO_MAX_RETRIES`.", intelligence.DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
			},
		},
	}
}

// Configure resolves the configuration and builds the one API client that every data
// source and ephemeral resource of this provider instance shares.
func (p *TwilioProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, diags := resolveSettings(config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.MaskLogStrings(ctx, settings.password)
	client, err := intelligence.New(intelligence.Config{
		BaseURL:    settings.baseURL,
		Username:   settings.username,
		Password:   settings.password,
		UserAgent:  userAgent(p.version, req.TerraformVersion),
		MaxRetries: settings.maxRetries,
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the Twilio Intelligence API client", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured the Twilio Intelligence API client", map[string]any{
		"base_url":    settings.baseURL,
		"auth_method": settings.authMethod,
		"max_retries": settings.maxRetries,
	})
	resp.DataSourceData = client
	resp.EphemeralResourceData = client
}

// userAgent names this provider and the Terraform that runs it, so Twilio can tell its
// traffic apart (and so can a proxy's logs).
func userAgent(providerVersion, terraformVersion string) string {
	ua := "terraform-provider-twilio/" + providerVersion
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}

// DataSources lists the provider's data sources.
func (p *TwilioProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewConversationsDataSource,
		NewConversationDataSource,
		NewOperatorResultsDataSource,
		NewOperatorResultDataSource,
		NewOperatorsDataSource,
		NewOperatorDataSource,
		NewOperatorVersionsDataSource,
		NewConfigurationsDataSource,
		NewConfigurationDataSource,
	}
}

// Resources returns none: this provider only reads.
func (p *TwilioProvider) Resources(_ context.Context) []func() resource.Resource {
	return nil
}

// EphemeralResources lists the provider's ephemeral resources.
func (p *TwilioProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewConversationEphemeralResource,
	}
}
