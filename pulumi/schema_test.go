package pulumi

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/seed04710220/terraform-provider-twilio/internal/provider"
)

// The schema tests check the package that `pulumi package add terraform-provider` gives
// a Pulumi user against the provider's own schemas, so a new data source or attribute
// needs no change here.

func TestSchemaBinds(t *testing.T) {
	spec := packageSpec(t)
	if msg := strings.TrimSpace(generationMessages.String()); msg != "" {
		t.Logf("the schema generation said:\n%s", msg)
	}
	if spec.Name != PackageName {
		t.Errorf("package name %q, want %q", spec.Name, PackageName)
	}
	_, diags, err := schema.BindSpec(spec, nil, schema.ValidationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() {
		t.Fatalf("the package schema does not bind: %v", diags)
	}
	if len(spec.Resources) != 0 {
		t.Errorf("resources %v: the provider has none", slices.Sorted(maps.Keys(spec.Resources)))
	}
}

// Every data source of the provider is a function named get<Name> with the data source's
// arguments as inputs (the required ones required) and its attributes as outputs, nested
// objects included, plus the id output the bridge gives every function.
func TestEveryDataSourceIsAFunction(t *testing.T) {
	spec := packageSpec(t)
	schemas := terraformSchemas(t)
	names := dataSourceNames(t)
	if len(names) == 0 {
		t.Fatal("the provider has no data sources")
	}
	want := map[string]bool{}
	for _, name := range names {
		tok := functionToken(name)
		want[tok] = true
		t.Run(name, func(t *testing.T) {
			fn, ok := spec.Functions[tok]
			if !ok {
				t.Fatalf("no function %s; functions: %v", tok, slices.Sorted(maps.Keys(spec.Functions)))
			}
			block := schemas.DataSourceSchemas[name].Block
			if len(block.BlockTypes) > 0 {
				t.Errorf("%s has blocks; this test only knows attributes", name)
			}
			var inputs, required, outputs []string
			for _, a := range block.Attributes {
				outputs = append(outputs, camel(a.Name))
				if a.Required || a.Optional {
					inputs = append(inputs, camel(a.Name))
				}
				if a.Required {
					required = append(required, camel(a.Name))
				}
			}
			if !slices.Contains(outputs, "id") {
				outputs = append(outputs, "id") // the bridge adds it; TestInvokeMatchesTerraform checks every result has one
			}
			var gotInputs, gotRequired []string
			if fn.Inputs != nil {
				gotInputs, gotRequired = slices.Collect(maps.Keys(fn.Inputs.Properties)), fn.Inputs.Required
			}
			sameSet(t, "inputs", gotInputs, inputs)
			sameSet(t, "required inputs", gotRequired, required)
			out := functionOutputs(fn)
			if out == nil {
				t.Fatal("no outputs")
			}
			sameSet(t, "outputs", slices.Collect(maps.Keys(out.Properties)), outputs)
			for _, a := range block.Attributes {
				if p, ok := out.Properties[camel(a.Name)]; ok {
					checkProperty(t, spec, camel(a.Name), a, p)
				}
				if fn.Inputs == nil {
					continue
				}
				if p, ok := fn.Inputs.Properties[camel(a.Name)]; ok {
					checkProperty(t, spec, "input "+camel(a.Name), a, p)
				}
			}
		})
	}
	for tok := range dataSourceFunctions(spec) {
		if !want[tok] {
			t.Errorf("function %s matches no data source of the provider", tok)
		}
	}
}

// checkProperty checks that the property of the schema has the attribute's type, and for
// nested attributes the same nested names, recursively.
func checkProperty(t *testing.T, spec schema.PackageSpec, at string, a *tfprotov6.SchemaAttribute, p schema.PropertySpec) {
	t.Helper()
	if a.NestedType != nil {
		ts := p.TypeSpec
		if a.NestedType.Nesting != tfprotov6.SchemaObjectNestingModeSingle {
			if p.Type != "array" || p.Items == nil {
				t.Errorf("%s: type %q, want an array of objects", at, p.Type)
				return
			}
			ts = *p.Items
		}
		obj, ok := spec.Types[strings.TrimPrefix(ts.Ref, "#/types/")]
		if !ok {
			t.Errorf("%s: %q is not a type of the package", at, ts.Ref)
			return
		}
		var names []string
		for _, na := range a.NestedType.Attributes {
			names = append(names, camel(na.Name))
			if np, ok := obj.Properties[camel(na.Name)]; ok {
				checkProperty(t, spec, at+"."+camel(na.Name), na, np)
			}
		}
		sameSet(t, at+" properties", slices.Collect(maps.Keys(obj.Properties)), names)
		return
	}
	if got, want := typeName(p.TypeSpec), tfTypeName(a.Type); got != want {
		t.Errorf("%s: type %s, want %s", at, got, want)
	}
}

// typeName and tfTypeName render a type the same way on both sides: string, number,
// boolean, array<string>.
func typeName(ts schema.TypeSpec) string {
	switch ts.Type {
	case "array":
		if ts.Items == nil {
			return "array<?>"
		}
		return "array<" + typeName(*ts.Items) + ">"
	case "integer":
		return "number"
	}
	return ts.Type
}

func tfTypeName(typ tftypes.Type) string {
	switch {
	case typ.Is(tftypes.String):
		return "string"
	case typ.Is(tftypes.Number):
		return "number"
	case typ.Is(tftypes.Bool):
		return "boolean"
	case typ.Is(tftypes.List{}):
		return "array<" + tfTypeName(typ.(tftypes.List).ElementType) + ">"
	case typ.Is(tftypes.Set{}):
		return "array<" + tfTypeName(typ.(tftypes.Set).ElementType) + ">"
	}
	return typ.String()
}

// The provider block is the package's configuration (twilio:apiKey, ...) and the
// explicit provider's inputs, with the sensitive attributes secret.
func TestProviderConfigNamesAndSecrets(t *testing.T) {
	spec := packageSpec(t)
	var names, secrets []string
	for _, a := range terraformSchemas(t).Provider.Block.Attributes {
		names = append(names, camel(a.Name))
		if a.Sensitive {
			secrets = append(secrets, camel(a.Name))
		}
	}
	sameSet(t, "sensitive provider attributes", secrets, []string{"apiSecret", "authToken"})
	for what, props := range map[string]map[string]schema.PropertySpec{
		"config variables":    spec.Config.Variables,
		"provider properties": spec.Provider.InputProperties,
	} {
		sameSet(t, what, slices.Collect(maps.Keys(props)), names)
		for name, p := range props {
			if want := slices.Contains(secrets, name); p.Secret != want {
				t.Errorf("%s: %s secret=%v, want %v", what, name, p.Secret, want)
			}
		}
	}
	if len(spec.Config.Required) != 0 || len(spec.Provider.RequiredInputs) != 0 {
		t.Errorf("required configuration %v %v: every provider attribute is optional", spec.Config.Required, spec.Provider.RequiredInputs)
	}
}

// `pulumi package add terraform-provider` infers the token prefix from the provider's
// resources; with none it falls back to the provider name without the underscore. Both
// give the same function tokens.
func TestTokensMatchWhatPackageAddInfers(t *testing.T) {
	ours, err := ProviderInfo(testVersion)
	if err != nil {
		t.Fatal(err)
	}
	inferred := tfbridge.ProviderInfo{P: ours.P, Name: PackageName}
	if err := inferred.ComputeTokens(tokens.SingleModule(inferred.GetResourcePrefix(), "index", tokens.MakeStandard(PackageName))); err != nil {
		t.Fatal(err)
	}
	for _, name := range dataSourceNames(t) {
		if got, want := string(ours.DataSources[name].Tok), functionToken(name); got != want {
			t.Errorf("%s: token %s, want %s", name, got, want)
		}
		if got, want := inferred.DataSources[name].Tok, ours.DataSources[name].Tok; got != want {
			t.Errorf("%s: token %s with the inferred prefix, %s with ours", name, got, want)
		}
	}
}

// The bridge has no ephemeral resources (pulumi-terraform-bridge#3231): the ephemeral
// twilio_intelligence_conversation has no counterpart in the package, and the schema
// generation says nothing about it. When this test fails, the bridge has changed:
// update the README's "Using it from Pulumi".
func TestEphemeralResourcesAreNotBridged(t *testing.T) {
	ctx := context.Background()
	var ephemerals []string
	for _, factory := range provider.New(testVersion)().(fwprovider.ProviderWithEphemeralResources).EphemeralResources(ctx) {
		var resp ephemeral.MetadataResponse
		factory().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: PackageName}, &resp)
		ephemerals = append(ephemerals, resp.TypeName)
	}
	if len(ephemerals) == 0 {
		t.Skip("the provider has no ephemeral resources any more")
	}
	spec := packageSpec(t)
	if msg := generationMessages.String(); strings.Contains(strings.ToLower(msg), "ephemeral") {
		t.Errorf("the schema generation now speaks of ephemeral resources:\n%s", msg)
	}
	bridgedCount := len(dataSourceFunctions(spec)) + len(spec.Resources)
	if want := len(dataSourceNames(t)); bridgedCount != want {
		t.Errorf("the package has %d functions and resources for %d data sources and ephemeral resources %v: "+
			"the bridge now maps ephemeral resources", bridgedCount, want, ephemerals)
	}
}

// The bridge types every computed attribute as always present in a function's result,
// nullable ones included (a conversation's name, a participant's name). A hand-written
// bridge could say otherwise with SchemaInfo.MarkAsOptional; `pulumi package add
// terraform-provider` takes no SchemaInfo, so its users get the first schema. When this
// test fails, the bridge has changed: update the README.
func TestNullableFieldsAreTypedAsAlwaysPresent(t *testing.T) {
	tok := functionToken("twilio_intelligence_conversation")
	participantName := func(spec schema.PackageSpec) (conversationName, participantName bool) {
		out := functionOutputs(spec.Functions[tok])
		if out == nil {
			t.Fatalf("no function %s", tok)
		}
		items := out.Properties["participants"].Items
		if items == nil {
			t.Fatal("participants is not an array")
		}
		participant := spec.Types[strings.TrimPrefix(items.Ref, "#/types/")]
		return slices.Contains(out.Required, "name"), slices.Contains(participant.Required, "name")
	}
	conv, part := participantName(packageSpec(t))
	if !conv || !part {
		t.Errorf("name required in the result: conversation %v, participant %v; want both (the bridge's typing of computed attributes)", conv, part)
	}

	info, err := ProviderInfo(testVersion)
	if err != nil {
		t.Fatal(err)
	}
	optional := true
	info.DataSources["twilio_intelligence_conversation"].Fields = map[string]*tfbridge.SchemaInfo{
		"name": {MarkAsOptional: &optional},
		// A list nested attribute is a list of objects to the bridge: the list's element,
		// then the object's fields.
		"participants": {Elem: &tfbridge.SchemaInfo{Elem: &tfbridge.SchemaInfo{Fields: map[string]*tfbridge.SchemaInfo{
			"name": {MarkAsOptional: &optional},
		}}}},
	}
	res, err := tfgen.GenerateSchema(context.Background(), tfgen.GenerateSchemaOptions{
		ProviderInfo: info, DiagnosticsSink: discardSink(), XInMemoryDocs: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(res.ProviderMetadata.PackageSchema, &spec); err != nil {
		t.Fatal(err)
	}
	if conv, part := participantName(spec); conv || part {
		t.Errorf("with MarkAsOptional, name required: conversation %v, participant %v; want neither", conv, part)
	}
}

// functionOutputs is the object a function returns.
func functionOutputs(fn schema.FunctionSpec) *schema.ObjectTypeSpec {
	if fn.Outputs != nil {
		return fn.Outputs
	}
	if fn.ReturnType != nil {
		return fn.ReturnType.ObjectTypeSpec
	}
	return nil
}

// dataSourceFunctions are the package's functions but the methods of its provider
// resource (the bridge gives it terraformConfig).
func dataSourceFunctions(spec schema.PackageSpec) map[string]schema.FunctionSpec {
	out := map[string]schema.FunctionSpec{}
	for tok, fn := range spec.Functions {
		if !strings.HasPrefix(tok, "pulumi:providers:") {
			out[tok] = fn
		}
	}
	return out
}

// sameSet reports the differences between two lists of names taken as sets.
func sameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	g, w := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(g, w) {
		var missing, extra []string
		for _, n := range w {
			if !slices.Contains(g, n) {
				missing = append(missing, n)
			}
		}
		for _, n := range g {
			if !slices.Contains(w, n) {
				extra = append(extra, n)
			}
		}
		t.Errorf("%s: missing %v, unexpected %v", what, missing, extra)
	}
}
