package pulumi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf"
	pftfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
	"github.com/seed04710220/terraform-provider-twilio/internal/provider"
)

// testVersion is the provider version in these tests; the bridge wants a semantic version.
const testVersion = "0.0.1-test"

// providerURN is the URN the engine gives a default twilio provider.
const providerURN = "urn:pulumi:test::test::pulumi:providers:" + PackageName + "::default"

// generated is the package schema, generated once: the bridge's tfgen reads only the
// provider's schemas, so every test can share it.
var generated = sync.OnceValues(func() ([]byte, error) {
	info, err := ProviderInfo(testVersion)
	if err != nil {
		return nil, err
	}
	res, err := tfgen.GenerateSchema(context.Background(), tfgen.GenerateSchemaOptions{
		ProviderInfo:    info,
		DiagnosticsSink: diag.DefaultSink(&generationMessages, &generationMessages, diag.FormatOptions{Color: colors.Never}),
		XInMemoryDocs:   true,
	})
	if err != nil {
		return nil, fmt.Errorf("%w\n%s", err, generationMessages.String())
	}
	return res.ProviderMetadata.PackageSchema, nil
})

// generationMessages is what the schema generation said.
var generationMessages bytes.Buffer

// packageSpec is the generated schema, decoded.
func packageSpec(t *testing.T) schema.PackageSpec {
	t.Helper()
	raw, err := generated()
	if err != nil {
		t.Fatalf("generating the package schema: %v", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	return spec
}

// bridged is the provider served through the bridge's Pulumi provider server, the gRPC
// service the Pulumi engine calls, in process.
type bridged struct {
	server pulumirpc.ResourceProviderServer
	reads  *readRecorder
	logs   *logSink
}

// newBridged serves the provider through the bridge; rewrite, when not nil, edits each
// ReadDataSource response before the bridge sees it.
func newBridged(t *testing.T, rewrite func(*tfprotov6.ReadDataSourceResponse)) *bridged {
	t.Helper()
	raw, err := generated()
	if err != nil {
		t.Fatalf("generating the package schema: %v", err)
	}
	info, err := ProviderInfo(testVersion)
	if err != nil {
		t.Fatal(err)
	}
	b := &bridged{reads: &readRecorder{rewrite: rewrite}, logs: &logSink{}}
	info.P = recordingShim{ShimProvider: info.P.(pf.ShimProvider), reads: b.reads}
	b.server, err = pftfbridge.NewProviderServer(context.Background(), b.logs, info,
		pftfbridge.ProviderMetadata{PackageSchema: raw})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// configure runs what the engine runs for a provider: CheckConfig, then Configure with
// the checked inputs. config uses Pulumi names (apiKey, baseUrl).
func (b *bridged) configure(t *testing.T, config resource.PropertyMap) {
	t.Helper()
	checked := b.checkConfig(t, config)
	args, err := plugin.MarshalProperties(checked, plugin.MarshalOptions{KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.server.Configure(context.Background(), &pulumirpc.ConfigureRequest{
		Args: args, AcceptSecrets: true, AcceptResources: true,
	}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
}

// checkConfig runs CheckConfig and returns the checked inputs, secrets kept as secrets.
func (b *bridged) checkConfig(t *testing.T, config resource.PropertyMap) resource.PropertyMap {
	t.Helper()
	news, err := plugin.MarshalProperties(config, plugin.MarshalOptions{KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := b.server.CheckConfig(context.Background(), &pulumirpc.CheckRequest{
		Urn: providerURN, Type: "pulumi:providers:" + PackageName, News: news,
	})
	if err != nil {
		t.Fatalf("CheckConfig: %v", err)
	}
	if len(resp.GetFailures()) > 0 {
		t.Fatalf("CheckConfig failures: %v", resp.GetFailures())
	}
	checked, err := plugin.UnmarshalProperties(resp.GetInputs(), plugin.MarshalOptions{KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	return checked
}

// invokeResult is what a function call returns to the engine.
type invokeResult struct {
	ret      resource.PropertyMap
	failures []*pulumirpc.CheckFailure
}

// invoke calls the function tok with Pulumi-named args.
func (b *bridged) invoke(t *testing.T, tok string, args resource.PropertyMap) (invokeResult, error) {
	t.Helper()
	rpcArgs, err := plugin.MarshalProperties(args, plugin.MarshalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := b.server.Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: tok, Args: rpcArgs})
	if err != nil {
		return invokeResult{}, err
	}
	ret, err := plugin.UnmarshalProperties(resp.GetReturn(), plugin.MarshalOptions{KeepSecrets: true})
	if err != nil {
		t.Fatal(err)
	}
	return invokeResult{ret: ret, failures: resp.GetFailures()}, nil
}

// recordingShim is the bridge's shim of the provider with its protocol server wrapped, so
// that tests see the diagnostics each read returned to the bridge.
type recordingShim struct {
	pf.ShimProvider
	reads *readRecorder
}

func (s recordingShim) Server(ctx context.Context) (tfprotov6.ProviderServer, error) {
	srv, err := s.ShimProvider.Server(ctx)
	if err != nil {
		return nil, err
	}
	return recordingServer{ProviderServer: srv, reads: s.reads}, nil
}

type recordingServer struct {
	tfprotov6.ProviderServer
	reads *readRecorder
}

func (s recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.reads.add(resp)
	}
	return resp, err
}

// readRecorder keeps the diagnostics of every ReadDataSource response.
type readRecorder struct {
	rewrite func(*tfprotov6.ReadDataSourceResponse)
	mu      sync.Mutex
	diags   []*tfprotov6.Diagnostic
}

func (r *readRecorder) add(resp *tfprotov6.ReadDataSourceResponse) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.diags = append(r.diags, resp.Diagnostics...)
	if r.rewrite != nil {
		r.rewrite(resp)
	}
}

// take returns the diagnostics recorded so far and forgets them.
func (r *readRecorder) take() []*tfprotov6.Diagnostic {
	r.mu.Lock()
	defer r.mu.Unlock()
	d := r.diags
	r.diags = nil
	return d
}

// logSink collects what the bridge logs to the engine (a logging.Sink of the bridge).
type logSink struct {
	mu       sync.Mutex
	messages []string
}

func (s *logSink) Log(_ context.Context, sev diag.Severity, _ resource.URN, msg string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, string(sev)+": "+msg)
	return nil
}

func (s *logSink) LogStatus(ctx context.Context, sev diag.Severity, urn resource.URN, msg string) error {
	return s.Log(ctx, sev, urn, msg)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.messages, "\n")
}

// dataSourceNames are the Terraform type names of the provider's own DataSources().
func dataSourceNames(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	p := provider.New(testVersion)()
	var names []string
	for _, factory := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		factory().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: PackageName}, &resp)
		names = append(names, resp.TypeName)
	}
	return names
}

// terraformSchemas are the provider's schemas as Terraform receives them.
func terraformSchemas(t *testing.T) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	resp, err := providerserver.NewProtocol6(provider.New(testVersion)())().
		GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
	}
	return resp
}

// functionToken is the token a Pulumi user calls a data source by:
// twilio_intelligence_conversations is twilio:index/getIntelligenceConversations:getIntelligenceConversations.
func functionToken(dataSource string) string {
	name := "get" + upperFirst(camel(strings.TrimPrefix(dataSource, PackageName+"_")))
	return PackageName + ":index/" + name + ":" + name
}

// camel is the Pulumi name of a Terraform attribute: created_at_after is createdAtAfter.
func camel(name string) string {
	parts := strings.Split(name, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = upperFirst(parts[i])
	}
	return strings.Join(parts, "")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// localAPI starts the bundled local Intelligence API for one test.
func localAPI(t *testing.T, opts intelligencetest.Options) *intelligencetest.Server {
	t.Helper()
	api := intelligencetest.NewServer(opts)
	t.Cleanup(api.Close)
	return api
}

// apiKeyConfig is the provider configuration, in Pulumi names, that reaches api.
func apiKeyConfig(api *intelligencetest.Server) resource.PropertyMap {
	return resource.PropertyMap{
		"baseUrl":    resource.NewStringProperty(api.URL()),
		"apiKey":     resource.NewStringProperty(intelligencetest.TestAPIKey),
		"apiSecret":  resource.MakeSecret(resource.NewStringProperty(intelligencetest.TestAPISecret)),
		"maxRetries": resource.NewNumberProperty(0),
	}
}

// discardSink is a diagnostics sink for schema generations whose messages do not matter.
func discardSink() diag.Sink {
	return diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
}
