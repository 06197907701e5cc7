package benchmarks

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	tfprovider "github.com/seed04710220/terraform-provider-twilio/internal/provider"
)

// The comparison model: twilio_intelligence_conversations written the framework's usual
// way, a tfsdk-tagged struct with nested []struct results set through reflection
// (tfsdk.State.Set), against the provider's own data source, which builds tftypes values
// directly. It serves the provider's schema, so the two states can be compared value for
// value (BenchmarkConversationsRead checks they are equal).

type reflConversationsModel struct {
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
	Conversations                []reflItem        `tfsdk:"conversations"`
	IDs                          []string          `tfsdk:"ids"`
}

type reflItem struct {
	ID                           types.String      `tfsdk:"id"`
	AccountID                    types.String      `tfsdk:"account_id"`
	Name                         types.String      `tfsdk:"name"`
	Status                       types.String      `tfsdk:"status"`
	CreatedAt                    types.String      `tfsdk:"created_at"`
	UpdatedAt                    types.String      `tfsdk:"updated_at"`
	IntelligenceConfigurationIDs []string          `tfsdk:"intelligence_configuration_ids"`
	ConversationConfigurationID  types.String      `tfsdk:"conversation_configuration_id"`
	Channels                     []string          `tfsdk:"channels"`
	ChannelIDs                   []string          `tfsdk:"channel_ids"`
	Participants                 []reflParticipant `tfsdk:"participants"`
	OperatorResultIDs            []string          `tfsdk:"operator_result_ids"`
}

type reflParticipant struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Type          types.String `tfsdk:"type"`
	AddressValues []string     `tfsdk:"address_values"`
}

func reflItemOf(c *intelligence.Conversation) reflItem {
	item := reflItem{
		ID:                           types.StringValue(c.ID),
		AccountID:                    types.StringPointerValue(c.AccountID),
		Name:                         types.StringPointerValue(c.Name),
		Status:                       types.StringValue(c.Status),
		CreatedAt:                    types.StringValue(c.CreatedAt),
		UpdatedAt:                    types.StringValue(c.UpdatedAt),
		IntelligenceConfigurationIDs: c.IntelligenceConfigurationIDs,
		ConversationConfigurationID:  types.StringValue(c.ConversationConfigurationID),
		Channels:                     c.Channels,
		ChannelIDs:                   c.ChannelIDs,
		OperatorResultIDs:            c.OperatorResultIDs,
	}
	if c.Participants != nil {
		item.Participants = make([]reflParticipant, len(c.Participants))
		for i, p := range c.Participants {
			item.Participants[i] = reflParticipant{
				ID: types.StringValue(p.ID), Name: types.StringPointerValue(p.Name),
				Type: types.StringPointerValue(p.Type), AddressValues: p.AddressValues,
			}
		}
	}
	return item
}

// query maps the arguments to the client's filter and options.
func (m *reflConversationsModel) query(ctx context.Context) (intelligence.ConversationFilter, intelligence.ListOptions, error) {
	f := intelligence.ConversationFilter{
		Status:                      m.Status.ValueString(),
		ChannelID:                   m.ChannelID.ValueString(),
		ConversationConfigurationID: m.ConversationConfigurationID.ValueString(),
	}
	opts := intelligence.ListOptions{PageSize: intelligence.MaxPageSize, MaxResults: int(m.MaxResults.ValueInt64())}
	if !m.PageSize.IsNull() {
		opts.PageSize = int(m.PageSize.ValueInt64())
	}
	var diags []error
	for _, t := range []struct {
		v   timetypes.RFC3339
		out *time.Time
	}{{m.CreatedAtAfter, &f.CreatedAtAfter}, {m.CreatedAtBefore, &f.CreatedAtBefore}} {
		if !t.v.IsNull() {
			v, d := t.v.ValueRFC3339Time()
			if d.HasError() {
				diags = append(diags, fmt.Errorf("%v", d))
			}
			*t.out = v
		}
	}
	for _, s := range []struct {
		v   types.Set
		out *[]string
	}{{m.Channels, &f.Channels}, {m.IntelligenceConfigurationIDs, &f.IntelligenceConfigurationIDs}, {m.OperatorIDs, &f.OperatorIDs}} {
		if d := s.v.ElementsAs(ctx, s.out, false); d.HasError() {
			diags = append(diags, fmt.Errorf("%v", d))
		}
	}
	if len(diags) > 0 {
		return f, opts, diags[0]
	}
	return f, opts, nil
}

// reflDataSource is the data source with the provider's schema and a Read that sets
// the state by reflection.
type reflDataSource struct{ client *intelligence.Client }

var _ datasource.DataSourceWithConfigure = (*reflDataSource)(nil)

func (d *reflDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_intelligence_conversations"
}

func (d *reflDataSource) Schema(ctx context.Context, req datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	tfprovider.NewConversationsDataSource().Schema(ctx, req, resp)
}

func (d *reflDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData != nil {
		d.client, _ = req.ProviderData.(*intelligence.Client)
	}
}

func (d *reflDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model reflConversationsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &model)...); resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := model.Timeouts.Read(ctx, 10*time.Minute)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	filter, opts, err := model.query(ctx)
	if err != nil {
		resp.Diagnostics.AddError("reflection read", err.Error())
		return
	}
	result, err := d.client.ListConversations(ctx, filter, opts)
	if err != nil {
		resp.Diagnostics.AddError("reflection read", err.Error())
		return
	}
	model.PageSize = types.Int64Value(int64(opts.PageSize))
	model.Conversations = make([]reflItem, len(result.Items))
	model.IDs = make([]string, len(result.Items))
	for i := range result.Items {
		model.Conversations[i] = reflItemOf(&result.Items[i])
		model.IDs[i] = result.Items[i].ID
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// reflProvider is the provider serving reflDataSource in place of its own
// twilio_intelligence_conversations, for BenchmarkConversationsReadRPC.
type reflProvider struct{ provider.Provider }

func (p reflProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &reflDataSource{} }}
}
