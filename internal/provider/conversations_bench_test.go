package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// Benchmarks of the plural data source's state for 10,000 conversations: the values built
// directly (listItemValue, withAttributes: what Read does) against the framework's usual
// reflection over tfsdk structs with nested []struct fields (resp.State.Set), and the
// whole Read against the local API run as a separate process.
//
//	go test ./internal/provider -run '^$' -bench 'Conversations(Value|StateEncode|Read|ReadRPC)' -benchmem -count 6

const benchConversations = 10_000

// Reflection model: what the data source would look like written the framework's usual
// way. The arguments are conversationsConfig's.
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
	ID                           types.String      `tfsdk:"id"`
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

// benchSchema returns the data source's schema and a configuration with every argument
// null, as readConversations builds it.
func benchSchema(b *testing.B) (datasource.SchemaResponse, tftypes.Value) {
	b.Helper()
	ctx := context.Background()
	var s datasource.SchemaResponse
	(&conversationsDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &s)
	typ := s.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	return s, tftypes.NewValue(typ, attrs)
}

// benchData is what Collect returns for the local API's first n conversations: list
// items, without communications.
func benchData(n int) []intelligence.Conversation {
	srv := intelligencetest.NewHandler(intelligencetest.Options{Conversations: n})
	convs := srv.Conversations()
	for i := range convs {
		convs[i].Communications = nil
	}
	return convs
}

// directState is Read's state building.
func directState(config tftypes.Value, convs []intelligence.Conversation) (tftypes.Value, error) {
	items := make([]tftypes.Value, len(convs))
	ids := make([]tftypes.Value, len(convs))
	for i := range convs {
		items[i] = listItemValue(&convs[i])
		ids[i] = tftypes.NewValue(tftypes.String, convs[i].ID)
	}
	return withAttributes(config, map[string]tftypes.Value{
		"page_size":     tftypes.NewValue(tftypes.Number, int64(intelligence.MaxPageSize)),
		"conversations": tftypes.NewValue(tftypes.List{ElementType: listItemType}, items),
		"ids":           tftypes.NewValue(stringListType, ids),
		"id":            tftypes.NewValue(tftypes.String, conversationsPath),
	})
}

// reflectionState is the same state the framework's usual way: the model filled from
// the configuration, the results as nested structs, then State.Set.
func reflectionState(ctx context.Context, model reflConversationsModel, state *tfsdk.State, convs []intelligence.Conversation) error {
	model.PageSize = types.Int64Value(intelligence.MaxPageSize)
	model.Conversations = make([]reflItem, len(convs))
	model.IDs = make([]string, len(convs))
	model.ID = types.StringValue(conversationsPath)
	for i := range convs {
		model.Conversations[i] = reflItemOf(&convs[i])
		model.IDs[i] = convs[i].ID
	}
	if d := state.Set(ctx, &model); d.HasError() {
		return fmt.Errorf("%v", d)
	}
	return nil
}

// BenchmarkConversationsValue builds the state of 10,000 conversations from the client's
// result: build=direct is what Read does, build=reflection the framework's reflection.
// Both are checked to produce the same value.
func BenchmarkConversationsValue(b *testing.B) {
	ctx := context.Background()
	s, config := benchSchema(b)
	convs := benchData(benchConversations)
	var model reflConversationsModel
	if d := (tfsdk.Config{Schema: s.Schema, Raw: config}).Get(ctx, &model); d.HasError() {
		b.Fatal(d)
	}
	direct, err := directState(config, convs)
	if err != nil {
		b.Fatal(err)
	}
	reflected := tfsdk.State{Schema: s.Schema, Raw: config.Copy()}
	if err := reflectionState(ctx, model, &reflected, convs); err != nil {
		b.Fatal(err)
	}
	if !direct.Equal(reflected.Raw) {
		diffs, _ := direct.Diff(reflected.Raw)
		b.Fatalf("the two states differ in %d places, first %v", len(diffs), diffs[:min(len(diffs), 3)])
	}
	name := fmt.Sprintf("n=%d", benchConversations)
	b.Run(name+"/build=direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := directState(config, convs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(name+"/build=reflection", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			state := tfsdk.State{Schema: s.Schema, Raw: config.Copy()}
			if err := reflectionState(ctx, model, &state, convs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkConversationsStateEncode is what the framework does with the state after Read
// returns, whichever way it was built: encode it as msgpack for Terraform.
func BenchmarkConversationsStateEncode(b *testing.B) {
	_, config := benchSchema(b)
	state, err := directState(config, benchData(benchConversations))
	if err != nil {
		b.Fatal(err)
	}
	var size int
	b.ReportAllocs()
	for b.Loop() {
		dv, err := tfprotov6.NewDynamicValue(state.Type(), state)
		if err != nil {
			b.Fatal(err)
		}
		size = len(dv.MsgPack)
	}
	b.ReportMetric(float64(size)/1e6, "state-MB")
}

// BenchmarkConversationsRead is the whole Read of 10,000 conversations against the local
// API (a separate process, so its allocations are not counted): state=direct is
// conversationsDataSource.Read itself at 0 and 20 ms per request, state=reflection the
// same steps with the state set by reflection (at 0 ms).
func BenchmarkConversationsRead(b *testing.B) {
	ctx := context.Background()
	s, config := benchSchema(b)
	for _, lat := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run(fmt.Sprintf("n=%d/lat=%dms", benchConversations, lat.Milliseconds()), func(b *testing.B) {
			base := startLocalAPI(b, benchConversations, lat)
			client, err := intelligence.New(intelligence.Config{
				BaseURL: base, Username: intelligencetest.TestAccountSID, Password: intelligencetest.TestAuthToken,
				MaxRetries: intelligence.DefaultMaxRetries,
			})
			if err != nil {
				b.Fatal(err)
			}
			ds := &conversationsDataSource{client: client}
			req := datasource.ReadRequest{Config: tfsdk.Config{Schema: s.Schema, Raw: config}}
			b.Run("state=direct", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s.Schema, Raw: config.Copy()}}
					ds.Read(ctx, req, resp)
					if resp.Diagnostics.HasError() {
						b.Fatal(resp.Diagnostics)
					}
				}
			})
			if lat != 0 {
				return // the latency changes the client's share only: reflection once is enough
			}
			b.Run("state=reflection", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s.Schema, Raw: config.Copy()}}
					if err := reflectionRead(ctx, client, req, resp); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkConversationsReadRPC is the whole ReadDataSource RPC as Terraform sends it,
// through providerserver (terraform-plugin-go's tfprotov6 server, without gRPC): the
// config decoded from msgpack, Read, the framework's checks of the returned state
// (semantic equality, which copies and compares it) and the state encoded as msgpack.
// The local API is a separate process with 20 ms per request, as in the end-to-end plan. state=reflection serves a copy of the data source
// whose Read sets the state by reflection.
func BenchmarkConversationsReadRPC(b *testing.B) {
	ctx := context.Background()
	_, config := benchSchema(b)
	configDV, err := tfprotov6.NewDynamicValue(config.Type(), config)
	if err != nil {
		b.Fatal(err)
	}
	for _, lat := range []time.Duration{20 * time.Millisecond} { // the latency of the end-to-end plan
		b.Run(fmt.Sprintf("n=%d/lat=%dms", benchConversations, lat.Milliseconds()), func(b *testing.B) {
			base := startLocalAPI(b, benchConversations, lat)
			for _, variant := range []string{"direct", "reflection"} {
				b.Run("state="+variant, func(b *testing.B) {
					var p provider.Provider = &TwilioProvider{version: "bench"}
					if variant == "reflection" {
						p = &reflProvider{TwilioProvider: TwilioProvider{version: "bench"}}
					}
					server := providerserver.NewProtocol6(p)()
					configureBenchProvider(b, server, base)
					req := &tfprotov6.ReadDataSourceRequest{TypeName: "twilio_intelligence_conversations", Config: &configDV}
					b.ReportAllocs()
					var size int
					for b.Loop() {
						resp, err := server.ReadDataSource(ctx, req)
						if err != nil {
							b.Fatal(err)
						}
						for _, d := range resp.Diagnostics {
							if d.Severity == tfprotov6.DiagnosticSeverityError {
								b.Fatalf("%s: %s", d.Summary, d.Detail)
							}
						}
						size = len(resp.State.MsgPack)
					}
					b.ReportMetric(float64(size)/1e6, "state-MB")
				})
			}
		})
	}
}

func configureBenchProvider(b *testing.B, server tfprotov6.ProviderServer, base string) {
	b.Helper()
	ctx := context.Background()
	var ps provider.SchemaResponse
	(&TwilioProvider{}).Schema(ctx, provider.SchemaRequest{}, &ps)
	typ := ps.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	attrs[attrBaseURL] = tftypes.NewValue(tftypes.String, base)
	attrs[attrAccountSID] = tftypes.NewValue(tftypes.String, intelligencetest.TestAccountSID)
	attrs[attrAuthToken] = tftypes.NewValue(tftypes.String, intelligencetest.TestAuthToken)
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		b.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &dv})
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.Fatalf("%s: %s", d.Summary, d.Detail)
		}
	}
}

// reflProvider is the provider with the plural data source's Read setting its state by
// reflection, for BenchmarkConversationsReadRPC.
type reflProvider struct{ TwilioProvider }

func (p *reflProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &reflDataSource{} }}
}

type reflDataSource struct{ conversationsDataSource }

func (d *reflDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if err := reflectionRead(ctx, d.client, req, resp); err != nil {
		resp.Diagnostics.AddError("reflection read", err.Error())
	}
}

// reflectionRead is Read with the state set by reflection.
func reflectionRead(ctx context.Context, client *intelligence.Client, req datasource.ReadRequest, resp *datasource.ReadResponse) error {
	var model reflConversationsModel
	if d := req.Config.Get(ctx, &model); d.HasError() {
		return fmt.Errorf("%v", d)
	}
	var config conversationsConfig
	if d := req.Config.Get(ctx, &config); d.HasError() {
		return fmt.Errorf("%v", d)
	}
	filter, opts, d := config.toFilter(ctx)
	if d.HasError() {
		return fmt.Errorf("%v", d)
	}
	result, err := client.Collect(ctx, filter, opts)
	if err != nil {
		return err
	}
	return reflectionState(ctx, model, &resp.State, result.Conversations)
}

// The local API binary, built once per test process from ../../cmd/intelligence-local-api.
var (
	localAPIOnce sync.Once
	localAPIBin  string
	localAPIErr  error
)

// startLocalAPI runs the local API as a separate process for the rest of the calling
// benchmark and returns its base URL.
func startLocalAPI(b *testing.B, n int, latency time.Duration) string {
	b.Helper()
	localAPIOnce.Do(func() {
		// Built once per test process into one per-user file (replaced by a rename, so a
		// concurrent run's process keeps its own copy): a b.TempDir would not outlive the
		// benchmark that made it, and nothing else runs at the end of the process.
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("terraform-provider-twilio-bench-%d", os.Getuid()))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			localAPIErr = err
			return
		}
		localAPIBin = filepath.Join(dir, "intelligence-local-api")
		tmp := fmt.Sprintf("%s.%d", localAPIBin, os.Getpid())
		cmd := exec.CommandContext(context.Background(), "go", "build", "-o", tmp, "./cmd/intelligence-local-api")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			localAPIErr = fmt.Errorf("go build ./cmd/intelligence-local-api: %w\n%s", err, out)
			return
		}
		localAPIErr = os.Rename(tmp, localAPIBin)
	})
	if localAPIErr != nil {
		b.Fatal(localAPIErr)
	}
	urlFile := filepath.Join(b.TempDir(), "url")
	cmd := exec.CommandContext(context.Background(), localAPIBin, "-conversations", fmt.Sprint(n), "-latency", latency.String(), "-url-file", urlFile)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	b.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(urlFile); err == nil && len(data) > 0 {
			return strings.TrimSpace(string(data))
		}
		select {
		case <-exited:
			b.Fatalf("the local API exited:\n%s", out.String())
		default:
		}
	}
	b.Fatal("the local API did not start within a minute")
	return ""
}
