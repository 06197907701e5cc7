package benchmarks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
	tfprovider "github.com/seed04710220/terraform-provider-twilio/internal/provider"
)

// The state of twilio_intelligence_conversations for 10,000 conversations, through the
// provider's exported surface only: its data source (built with tftypes values directly)
// against the reflection model of reflection_test.go.
//
//	go test -run '^$' -bench 'Conversations(Read|StateEncode|ReadRPC)' -benchmem -benchtime 1x -count 6

const stateN = 10_000

// conversationsSchema is the data source's schema and a configuration with every
// argument null, as `data "twilio_intelligence_conversations" "all" {}` sends it.
func conversationsSchema(tb testing.TB) (datasource.SchemaResponse, tftypes.Value) {
	tb.Helper()
	ctx := context.Background()
	var s datasource.SchemaResponse
	tfprovider.NewConversationsDataSource().Schema(ctx, datasource.SchemaRequest{}, &s)
	if s.Diagnostics.HasError() {
		tb.Fatal(s.Diagnostics)
	}
	return s, nullObject(s.Schema.Type().TerraformType(ctx).(tftypes.Object), nil)
}

// nullObject is an object of typ with every attribute null but those in set.
func nullObject(typ tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range set {
		attrs[name] = v
	}
	return tftypes.NewValue(typ, attrs)
}

// replay answers every request with the body the local API gave for the same query,
// from memory: the listing then costs what our client spends (decoding included) and
// nothing of a network or a server.
type replay struct{ bodies map[string][]byte }

func (r *replay) RoundTrip(req *http.Request) (*http.Response, error) {
	body, ok := r.bodies[req.URL.RawQuery]
	if !ok {
		return nil, fmt.Errorf("replay: no recorded answer for ?%s", req.URL.RawQuery)
	}
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: req}, nil
}

// recording keeps every 200 body by query.
type recording struct {
	next   http.RoundTripper
	mu     sync.Mutex
	bodies map[string][]byte
}

func (r *recording) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.bodies[req.URL.RawQuery] = body
	r.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

var (
	replayOnce sync.Once
	replayed   *replay
)

// replayClient is our client on the recorded pages of every conversation of the local
// API serving stateN.
func replayClient(b *testing.B) *intelligence.Client {
	b.Helper()
	replayOnce.Do(func() {
		rec := &recording{next: cleanhttp.DefaultPooledTransport(), bodies: map[string][]byte{}}
		res, err := newOurs(b, api(b, stateN, 0), 0, rec).ListConversations(withTimeout(b, time.Minute), intelligence.ConversationFilter{}, intelligence.ListOptions{})
		if err != nil || len(res.Items) != stateN {
			b.Fatalf("recording the pages: %d conversations, %v", len(res.Items), err)
		}
		replayed = &replay{bodies: rec.bodies}
	})
	if replayed == nil {
		b.Fatal("no recorded pages")
	}
	return newOurs(b, "http://127.0.0.1:1", 0, replayed)
}

// readState runs one Read of ds and returns the state.
func readState(ctx context.Context, ds datasource.DataSource, s datasource.SchemaResponse, config tftypes.Value) (tftypes.Value, error) {
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: s.Schema, Raw: config.Copy()}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: s.Schema, Raw: config}}, resp)
	if resp.Diagnostics.HasError() {
		return tftypes.Value{}, fmt.Errorf("%v", resp.Diagnostics)
	}
	return resp.State.Raw, nil
}

func configured(b *testing.B, ds datasource.DataSource, client *intelligence.Client) datasource.DataSource {
	b.Helper()
	var resp datasource.ConfigureResponse
	ds.(datasource.DataSourceWithConfigure).Configure(context.Background(), datasource.ConfigureRequest{ProviderData: client}, &resp)
	if resp.Diagnostics.HasError() {
		b.Fatal(resp.Diagnostics)
	}
	return ds
}

// BenchmarkConversationsRead is the data source's whole Read of 10,000 conversations on
// recorded pages (replay), so that nothing but this process's work is timed:
//
//	read=list-only   the client's listing alone (decoding included)
//	read=direct      the provider's Read: the listing, then tftypes values built directly
//	read=reflection  the same listing, then the reflection model set with State.Set
//
// read=direct minus read=list-only is what building the state costs. The two states are
// checked to be equal first.
func BenchmarkConversationsRead(b *testing.B) {
	ctx := context.Background()
	s, config := conversationsSchema(b)
	client := replayClient(b)
	direct := configured(b, tfprovider.NewConversationsDataSource(), client)
	reflected := configured(b, &reflDataSource{}, client)
	want, err := readState(ctx, direct, s, config)
	if err != nil {
		b.Fatal(err)
	}
	got, err := readState(ctx, reflected, s, config)
	if err != nil {
		b.Fatal(err)
	}
	if !want.Equal(got) {
		diffs, _ := want.Diff(got)
		b.Fatalf("the reflection model's state differs from the provider's in %d places, first %v", len(diffs), diffs[:min(len(diffs), 3)])
	}
	name := fmt.Sprintf("n=%d/read=", stateN)
	b.Run(name+"list-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.ListConversations(ctx, intelligence.ConversationFilter{}, intelligence.ListOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, v := range []struct {
		name string
		ds   datasource.DataSource
	}{{"direct", direct}, {"reflection", reflected}} {
		b.Run(name+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := readState(ctx, v.ds, s, config); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConversationsStateEncode is what the framework does with the state after Read
// returns, however it was built: encode it as msgpack for Terraform.
func BenchmarkConversationsStateEncode(b *testing.B) {
	s, config := conversationsSchema(b)
	state, err := readState(context.Background(), configured(b, tfprovider.NewConversationsDataSource(), replayClient(b)), s, config)
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

// BenchmarkConversationsReadRPC is the whole ReadDataSource RPC as Terraform sends it,
// through providerserver (the tfprotov6 server, without gRPC) serving provider.New: the
// config decoded from msgpack, Read against the local API process at 20 ms per request
// (as BenchmarkTerraformPlan), the framework's checks of the returned state and its
// msgpack encoding. state=reflection serves reflDataSource in place of the provider's.
func BenchmarkConversationsReadRPC(b *testing.B) {
	ctx := context.Background()
	_, config := conversationsSchema(b)
	configDV, err := tfprotov6.NewDynamicValue(config.Type(), config)
	if err != nil {
		b.Fatal(err)
	}
	const lat = 20 * time.Millisecond
	b.Run(fmt.Sprintf("n=%d/lat=%s", stateN, latName(lat)), func(b *testing.B) {
		base := api(b, stateN, lat)
		for _, variant := range []string{"direct", "reflection"} {
			b.Run("state="+variant, func(b *testing.B) {
				p := tfprovider.New("bench")()
				if variant == "reflection" {
					p = reflProvider{p}
				}
				server := rpcServer(b, p, base)
				req := &tfprotov6.ReadDataSourceRequest{TypeName: "twilio_intelligence_conversations", Config: &configDV}
				var size int
				b.ReportAllocs()
				for b.Loop() {
					resp, err := server.ReadDataSource(ctx, req)
					if err != nil {
						b.Fatal(err)
					}
					if err := diagError(resp.Diagnostics); err != nil {
						b.Fatal(err)
					}
					size = len(resp.State.MsgPack)
				}
				b.ReportMetric(float64(size)/1e6, "state-MB")
			})
		}
	})
}

// rpcServer serves p as Terraform would, configured for the local API at base.
func rpcServer(b *testing.B, p provider.Provider, base string) tfprotov6.ProviderServer {
	b.Helper()
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		b.Fatal(err)
	}
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	if err := diagError(schema.Diagnostics); err != nil {
		b.Fatal(err)
	}
	typ := schema.Provider.ValueType().(tftypes.Object)
	config := nullObject(typ, map[string]tftypes.Value{
		"base_url":    tftypes.NewValue(tftypes.String, base),
		"account_sid": tftypes.NewValue(tftypes.String, intelligencetest.TestAccountSID),
		"auth_token":  tftypes.NewValue(tftypes.String, intelligencetest.TestAuthToken),
	})
	dv, err := tfprotov6.NewDynamicValue(typ, config)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &dv})
	if err != nil {
		b.Fatal(err)
	}
	if err := diagError(resp.Diagnostics); err != nil {
		b.Fatal(err)
	}
	return server
}

func diagError(diags []*tfprotov6.Diagnostic) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	return nil
}
