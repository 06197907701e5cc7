package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

var (
	_ datasource.DataSourceWithConfigure        = (*conversationsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*conversationsDataSource)(nil)
)

// conversationsPath is the API path the list reads, the start of its id.
const conversationsPath = "/v3/Conversations"

// defaultReadTimeout bounds a whole Read unless timeouts.read says otherwise: long enough
// for a hundred thousand conversations over a slow link, short enough that a hung API
// does not hold a pipeline for an hour.
const defaultReadTimeout = 10 * time.Minute

// conversationsDataSource is twilio_intelligence_conversations: every conversation that
// matches the filters, all pages read.
type conversationsDataSource struct {
	client *intelligence.Client
}

// NewConversationsDataSource is the factory the provider registers.
func NewConversationsDataSource() datasource.DataSource {
	return &conversationsDataSource{}
}

// conversationsConfig holds the arguments; the results are written as values directly.
type conversationsConfig struct {
	CreatedAtAfter               timetypes.RFC3339 `tfsdk:"created_at_after"`
	CreatedAtBefore              timetypes.RFC3339 `tfsdk:"created_at_before"`
	Status                       types.String      `tfsdk:"status"`
	ChannelID                    types.String      `tfsdk:"channel_id"`
	Channels                     types.Set         `tfsdk:"channels"`
	ConversationConfigurationID  types.String      `tfsdk:"conversation_configuration_id"`
	IntelligenceConfigurationIDs types.Set         `tfsdk:"intelligence_configuration_ids"`
	OperatorIDs                  types.Set         `tfsdk:"operator_ids"`
	PageSize                     types.Int64       `tfsdk:"page_size"`
	MaxResults                   types.Int64       `tfsdk:"max_results"`
	Timeouts                     timeouts.Value    `tfsdk:"timeouts"`
	Conversations                types.List        `tfsdk:"conversations"`
	IDs                          types.List        `tfsdk:"ids"`
	ID                           types.String      `tfsdk:"id"`
}

func (d *conversationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_intelligence_conversations"
}

func (d *conversationsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the conversations of Twilio's Conversational Intelligence API v3 (`GET /v3/Conversations`) that match every filter given. " +
			"All pages are read, so `conversations` is the full result set unless `max_results` caps it. " +
			"A `created_at_after`..`created_at_before` range wider than the API's 31-day limit is split into windows of at most 31 days that are fetched concurrently and returned newest window first.",
		Attributes: map[string]schema.Attribute{
			"created_at_after": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Optional:            true,
				MarkdownDescription: "Only conversations created after this RFC 3339 timestamp, for example `2026-01-01T00:00:00Z`. API parameter `createdAtAfter`.",
			},
			"created_at_before": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Optional:            true,
				MarkdownDescription: "Only conversations created before this RFC 3339 timestamp. Must not be earlier than `created_at_after`; a range wider than 31 days is split into several requests. API parameter `createdAtBefore`.",
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only conversations with this status: " + codeList(intelligence.Statuses) + ". API parameter `status`.",
				Validators:          []validator.String{stringvalidator.OneOf(intelligence.Statuses...)},
			},
			"channel_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the conversation(s) of this underlying channel resource, such as a Call SID or a Message SID. API parameter `channelId`.",
				Validators:          []validator.String{notBlank()},
			},
			"channels": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "Only conversations that include at least one of these channels (`OR`): " + codeList(intelligence.Channels) + ". API parameter `channels`.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(intelligence.Channels...)),
				},
			},
			"conversation_configuration_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only conversations generated by this configuration (`conv_configuration_…`). API parameter `conversationConfigurationId`.",
				Validators:          []validator.String{notBlank()},
			},
			"intelligence_configuration_ids": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "Only conversations processed by at least one of these Intelligence Configurations (`OR`), each `intelligence_configuration_…`. API parameter `intelligenceConfigurationIds`.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(intelligence.IntelligenceConfigurationIDPattern,
						"must match "+intelligence.IntelligenceConfigurationIDPattern.String())),
				},
			},
			"operator_ids": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "Only conversations on which at least one of these Language Operators ran (`OR`), each `intelligence_operator_…`. API parameter `operatorIds`.",
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(intelligence.OperatorIDPattern,
						"must match "+intelligence.OperatorIDPattern.String())),
				},
			},
			"page_size": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("Conversations per request, 1 to %d. Default: %d, the API's maximum, which needs the fewest requests; lower it only if a proxy limits response sizes. API parameter `pageSize`.",
					intelligence.MaxPageSize, intelligence.MaxPageSize),
				Validators: []validator.Int64{int64validator.Between(1, intelligence.MaxPageSize)},
			},
			"max_results": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Stop after this many conversations (at least 1). Unset means all. When the cap cuts the list short, the read adds a warning.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"timeouts": readTimeoutAttribute(ctx),
			"conversations": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching conversations, in API order (newest first). Empty, not null, when nothing matches.",
				NestedObject:        schema.NestedAttributeObject{Attributes: dataSourceAttributes(listItemFields)},
			},
			"ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The ids of `conversations`, in the same order: handy for `for_each = toset(...)`.",
			},
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Identifies the list by the query that produced it: the API path and the filters as sent, each key and its values sorted, " +
					"without paging, `max_results` or `timeouts`; for example `" + conversationsPath + "?channels=VOICE&status=CLOSED`, or `" + conversationsPath + "` with no filter. " +
					"Two reads with the same filters have the same id.",
			},
		},
	}
}

// readTimeoutAttribute is the library's timeouts attribute with descriptions that say
// what the timeout bounds and its default.
func readTimeoutAttribute(ctx context.Context) schema.Attribute {
	attr := timeouts.AttributesWithOpts(ctx, timeouts.Opts{ReadDescription: readTimeoutDescription}).(schema.SingleNestedAttribute)
	attr.MarkdownDescription = "Time limits for this data source."
	return attr
}

var readTimeoutDescription = fmt.Sprintf("How long one read may take in all, retries and every page included, as a duration such as `30s` or `5m`. Default: `%s`.",
	strings.TrimSuffix(defaultReadTimeout.String(), "0s"))

func (d *conversationsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{createdAtOrderValidator{}}
}

func (d *conversationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *conversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !configured(d.client, &resp.Diagnostics) {
		return
	}
	var config conversationsConfig
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := config.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	filter, opts, diags := config.toFilter(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	result, err := d.client.Collect(ctx, filter, opts)
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, "Unable to list Twilio Intelligence conversations", err, deadline{timeout, "timeouts.read"})
		return
	}
	tflog.Debug(ctx, "Listed Twilio Intelligence conversations", map[string]any{
		"count": len(result.Conversations), "pages": result.Pages, "truncated": result.Truncated,
	})
	if result.Truncated {
		// Not attribute-scoped: the argument is valid, the warning is about the result.
		// Pulumi's Terraform bridge fails a function call on any attribute-scoped
		// diagnostic, warnings included.
		resp.Diagnostics.AddWarning("Conversations limited by max_results",
			fmt.Sprintf("The list stopped at max_results = %d conversations before reaching the end of the results, so more conversations match these filters. "+
				"Raise or remove max_results to read them all.", opts.MaxResults))
	}

	items := make([]tftypes.Value, len(result.Conversations))
	ids := make([]tftypes.Value, len(result.Conversations))
	for i := range result.Conversations {
		items[i] = listItemValue(&result.Conversations[i])
		ids[i] = tftypes.NewValue(tftypes.String, result.Conversations[i].ID)
	}
	state, err := withAttributes(req.Config.Raw, map[string]tftypes.Value{
		"page_size":     tftypes.NewValue(tftypes.Number, int64(opts.PageSize)),
		"conversations": tftypes.NewValue(tftypes.List{ElementType: listItemType}, items),
		"ids":           tftypes.NewValue(stringListType, ids),
		"id":            tftypes.NewValue(tftypes.String, listID(conversationsPath, filter.Values())),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to store Twilio Intelligence conversations", err.Error())
		return
	}
	resp.State.Raw = state
}

// toFilter maps the arguments to the client's filter and options.
func (c conversationsConfig) toFilter(ctx context.Context) (intelligence.ListFilter, intelligence.ListOptions, diag.Diagnostics) {
	var diags diag.Diagnostics
	var f intelligence.ListFilter
	if !c.CreatedAtAfter.IsNull() {
		t, d := c.CreatedAtAfter.ValueRFC3339Time()
		diags.Append(d...)
		f.CreatedAtAfter = t
	}
	if !c.CreatedAtBefore.IsNull() {
		t, d := c.CreatedAtBefore.ValueRFC3339Time()
		diags.Append(d...)
		f.CreatedAtBefore = t
	}
	f.Status = c.Status.ValueString()
	f.ChannelID = c.ChannelID.ValueString()
	f.ConversationConfigurationID = c.ConversationConfigurationID.ValueString()
	diags.Append(c.Channels.ElementsAs(ctx, &f.Channels, false)...)
	diags.Append(c.IntelligenceConfigurationIDs.ElementsAs(ctx, &f.IntelligenceConfigurationIDs, false)...)
	diags.Append(c.OperatorIDs.ElementsAs(ctx, &f.OperatorIDs, false)...)

	opts := intelligence.ListOptions{PageSize: intelligence.MaxPageSize}
	if !c.PageSize.IsNull() && !c.PageSize.IsUnknown() {
		opts.PageSize = int(c.PageSize.ValueInt64())
	}
	opts.MaxResults = int(c.MaxResults.ValueInt64())
	return f, opts, diags
}
