package pulumi

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
	"github.com/seed04710220/terraform-provider-twilio/internal/provider"
)

// terraformSide is the provider as Terraform runs it: its protocol 6 server, configured
// and read with the values Terraform sends for a configuration (every attribute present,
// null unless set). What its reads return is what Terraform stores in the state.
type terraformSide struct {
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newTerraformSide(t *testing.T, api *intelligencetest.Server) *terraformSide {
	t.Helper()
	ts := &terraformSide{server: providerserver.NewProtocol6(provider.New(testVersion)())()}
	ts.schemas = terraformSchemas(t)
	typ := ts.schemas.Provider.ValueType().(tftypes.Object)
	config, err := configValue(typ, map[string]any{
		"base_url":    api.URL(),
		"api_key":     intelligencetest.TestAPIKey,
		"api_secret":  intelligencetest.TestAPISecret,
		"max_retries": 0,
	})
	if err != nil {
		t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, config)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := ts.server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4", Config: &dv,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("ConfigureProvider: %s: %s", d.Summary, d.Detail)
		}
	}
	return ts
}

// read reads dataSource with args (Terraform names) and returns the state Terraform
// would store, or the diagnostics of a failed read.
func (ts *terraformSide) read(t *testing.T, dataSource string, args map[string]any) (tftypes.Value, []*tfprotov6.Diagnostic) {
	t.Helper()
	s, ok := ts.schemas.DataSourceSchemas[dataSource]
	if !ok {
		t.Fatalf("the provider has no data source %s", dataSource)
	}
	typ := s.ValueType().(tftypes.Object)
	config, err := configValue(typ, args)
	if err != nil {
		t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, config)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	validate, err := ts.server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: dataSource, Config: &dv})
	if err != nil {
		t.Fatal(err)
	}
	if hasError(validate.Diagnostics) {
		return tftypes.Value{}, validate.Diagnostics
	}
	resp, err := ts.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: dataSource, Config: &dv})
	if err != nil {
		t.Fatal(err)
	}
	if hasError(resp.Diagnostics) {
		return tftypes.Value{}, resp.Diagnostics
	}
	state, err := resp.State.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return state, resp.Diagnostics
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// configValue builds the configuration object of type typ from Terraform-named Go
// values (string, int, bool, []string, map[string]any); absent attributes are null.
func configValue(typ tftypes.Object, args map[string]any) (tftypes.Value, error) {
	for name := range args {
		if _, ok := typ.AttributeTypes[name]; !ok {
			return tftypes.Value{}, fmt.Errorf("no attribute %q", name)
		}
	}
	attrs := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		v, ok := args[name]
		if !ok {
			attrs[name] = tftypes.NewValue(at, nil)
			continue
		}
		tv, err := goValue(at, v)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
		}
		attrs[name] = tv
	}
	return tftypes.NewValue(typ, attrs), nil
}

func goValue(typ tftypes.Type, v any) (tftypes.Value, error) {
	switch v := v.(type) {
	case string, bool:
		return tftypes.NewValue(typ, v), nil
	case int:
		return tftypes.NewValue(typ, big.NewFloat(float64(v))), nil
	case []string:
		var elem tftypes.Type
		switch c := typ.(type) {
		case tftypes.List:
			elem = c.ElementType
		case tftypes.Set:
			elem = c.ElementType
		default:
			return tftypes.Value{}, fmt.Errorf("a list for %s", typ)
		}
		elems := make([]tftypes.Value, len(v))
		for i, s := range v {
			elems[i] = tftypes.NewValue(elem, s)
		}
		return tftypes.NewValue(typ, elems), nil
	case map[string]any:
		obj, ok := typ.(tftypes.Object)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("an object for %s", typ)
		}
		return configValue(obj, v)
	}
	return tftypes.Value{}, fmt.Errorf("unsupported Go value %T", v)
}

// pulumiArgs are Terraform-named args as a Pulumi user writes them: camelCase names.
func pulumiArgs(args map[string]any) resource.PropertyMap {
	out := make(resource.PropertyMap, len(args))
	for name, v := range args {
		if m, ok := v.(map[string]any); ok {
			out[resource.PropertyKey(camel(name))] = resource.NewObjectProperty(pulumiArgs(m))
			continue
		}
		out[resource.PropertyKey(camel(name))] = resource.NewPropertyValue(v)
	}
	return out
}

// pulumiValue is a Terraform value as Pulumi shows it: objects with camelCase names,
// numbers as float64, sets and lists as arrays, null as null.
func pulumiValue(v tftypes.Value) (resource.PropertyValue, error) {
	if v.IsNull() {
		return resource.NewNullProperty(), nil
	}
	typ := v.Type()
	switch {
	case typ.Is(tftypes.String):
		var s string
		err := v.As(&s)
		return resource.NewStringProperty(s), err
	case typ.Is(tftypes.Bool):
		var b bool
		err := v.As(&b)
		return resource.NewBoolProperty(b), err
	case typ.Is(tftypes.Number):
		var f big.Float
		if err := v.As(&f); err != nil {
			return resource.PropertyValue{}, err
		}
		n, _ := f.Float64()
		return resource.NewNumberProperty(n), nil
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}), typ.Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			return resource.PropertyValue{}, err
		}
		arr := make([]resource.PropertyValue, len(elems))
		for i, e := range elems {
			pv, err := pulumiValue(e)
			if err != nil {
				return resource.PropertyValue{}, err
			}
			arr[i] = pv
		}
		return resource.NewArrayProperty(arr), nil
	case typ.Is(tftypes.Object{}), typ.Is(tftypes.Map{}):
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			return resource.PropertyValue{}, err
		}
		obj := make(resource.PropertyMap, len(attrs))
		for name, a := range attrs {
			pv, err := pulumiValue(a)
			if err != nil {
				return resource.PropertyValue{}, err
			}
			key := name
			if typ.Is(tftypes.Object{}) {
				key = camel(name)
			}
			obj[resource.PropertyKey(key)] = pv
		}
		return resource.NewObjectProperty(obj), nil
	}
	return resource.PropertyValue{}, fmt.Errorf("unsupported type %s", typ)
}
