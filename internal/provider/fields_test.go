package provider

import (
	"context"
	"encoding/json"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// snake is the attribute name of a JSON key: accountId -> account_id.
func snake(key string) string {
	var b strings.Builder
	for i, r := range key {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// goValue turns a tftypes value into what encoding/json would decode the same data to,
// with object keys in snake case, so it can be compared with the API's JSON.
func goValue(t *testing.T, v tftypes.Value) any {
	t.Helper()
	if v.IsNull() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Number):
		var n big.Float
		_ = v.As(&n)
		f, _ := n.Float64()
		return f
	case v.Type().Is(tftypes.List{}):
		var elems []tftypes.Value
		_ = v.As(&elems)
		out := make([]any, len(elems))
		for i, e := range elems {
			out[i] = goValue(t, e)
		}
		return out
	case v.Type().Is(tftypes.Object{}):
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		out := make(map[string]any, len(attrs))
		for k, a := range attrs {
			out[k] = goValue(t, a)
		}
		return out
	}
	t.Fatalf("unexpected type %s", v.Type())
	return nil
}

// jsonValue is the conversation as the API sends it, keys in snake case; a text the API
// leaves out is a null, as it is in Terraform.
func jsonValue(t *testing.T, c *intelligence.Conversation, withCommunications bool) any {
	t.Helper()
	body, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var raw any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	var convert func(any) any
	convert = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, e := range v {
				out[snake(k)] = convert(e)
			}
			if _, isContent := v["text"]; !isContent && len(v) == 0 {
				out["text"] = nil // content without text
			}
			return out
		case []any:
			out := make([]any, len(v))
			for i, e := range v {
				out[i] = convert(e)
			}
			return out
		}
		return v
	}
	out, _ := convert(raw).(map[string]any)
	// The wire type leaves an empty communications list out (list items have none), so
	// put back what the conversation holds: [] stays [], nil stays null.
	if withCommunications && c.Communications != nil && len(c.Communications) == 0 {
		out["communications"] = []any{}
	} else if withCommunications && c.Communications == nil {
		out["communications"] = nil
	}
	return out
}

// The values hold every field of the API, under its snake-case name, with the API's
// value: nothing dropped, renamed or swapped. Checked on the local API's whole data set,
// which has nulls, empty lists, empty and absent texts and unicode.
func TestValuesMirrorTheAPI(t *testing.T) {
	srv := intelligencetest.NewHandler(intelligencetest.Options{Conversations: 300})
	convs := append(srv.Conversations(), craftedConversation())
	for i := range convs {
		c := &convs[i]
		full := goValue(t, tftypes.NewValue(conversationType, conversationAttributes(c)))
		if want := jsonValue(t, c, true); !reflect.DeepEqual(full, want) {
			t.Fatalf("conversation %s:\n got %v\nwant %v", c.ID, full, want)
		}
		item := *c
		item.Communications = nil
		if got, want := goValue(t, listItemValue(&item)), jsonValue(t, &item, false); !reflect.DeepEqual(got, want) {
			t.Fatalf("list item %s:\n got %v\nwant %v", c.ID, got, want)
		}
	}
}

// Each JSON field of the wire types has an attribute of the matching kind, and each
// attribute a JSON field: a free-form object (jsontext.Value) is its name plus _json.
// derived are attributes read out of another field (an operator result's label, text
// and entities come from its result).
func TestFieldTablesMatchTheWireTypes(t *testing.T) {
	for _, tc := range []struct {
		fields  []field
		typ     any
		skip    []string
		derived []string
	}{
		{listItemFields, intelligence.Conversation{}, []string{"communications"}, nil},
		{conversationFields, intelligence.Conversation{}, nil, nil},
		{participantFields, intelligence.Participant{}, nil, nil},
		{communicationFields, intelligence.Communication{}, nil, nil},
		{contentFields, intelligence.Content{}, nil, nil},
		{operatorResultFields, intelligence.OperatorResult{}, nil, []string{"label", "text", "entities"}},
		{configRefFields, intelligence.ConfigRef{}, nil, nil},
		{operatorRefFields, intelligence.OperatorRef{}, nil, nil},
		{entityFields, intelligence.Entity{}, nil, nil},
		{append(append([]field(nil), operatorFields...), operatorVersionFields...), intelligence.Operator{}, nil, nil},
		{trainingExampleFields, intelligence.TrainingExample{}, nil, nil},
		{versionListFields, intelligence.OperatorVersion{}, nil, nil},
		{configurationFields, intelligence.Configuration{}, nil, nil},
		{ruleFields, intelligence.Rule{}, nil, nil},
		{ruleOperatorFields, intelligence.OperatorRef{}, nil, nil},
		{triggerFields, intelligence.Trigger{}, nil, nil},
		{actionFields, intelligence.Action{}, nil, nil},
	} {
		typ := reflect.TypeOf(tc.typ)
		want := map[string]fieldKind{}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name := snake(strings.Split(f.Tag.Get("json"), ",")[0])
			if slices.Contains(tc.skip, name) {
				continue
			}
			kind := kindOf(t, f.Type)
			if kind == kindJSON {
				name += "_json"
			}
			want[name] = kind
		}
		got := map[string]fieldKind{}
		for _, f := range tc.fields {
			if f.description == "" {
				t.Errorf("%s.%s has no description", typ.Name(), f.name)
			}
			if !slices.Contains(tc.derived, f.name) {
				got[f.name] = f.kind
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: attributes %v, JSON fields %v", typ.Name(), got, want)
		}
	}
}

// kindOf is the attribute kind a wire field's Go type calls for.
func kindOf(t *testing.T, typ reflect.Type) fieldKind {
	t.Helper()
	switch {
	case typ == reflect.TypeOf(jsontext.Value(nil)):
		return kindJSON
	case typ.Kind() == reflect.Pointer:
		return kindOf(t, typ.Elem())
	case typ == reflect.TypeOf(intelligence.Version(0)):
		return kindInt64
	case typ.Kind() == reflect.String:
		return kindString
	case typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.String:
		return kindStringList
	case typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.Struct:
		return kindObjectList
	case typ.Kind() == reflect.Struct:
		return kindObject
	}
	t.Fatalf("no attribute kind for %s", typ)
	return 0
}

// The schemas the framework sees declare exactly the types the values are built with.
func TestSchemasMatchTheValueTypes(t *testing.T) {
	ctx := context.Background()
	schemaType := func(ds datasource.DataSource) map[string]tftypes.Type {
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		typ, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
		if !ok {
			t.Fatalf("%T: the schema is not an object", ds)
		}
		return typ.AttributeTypes
	}
	for _, tc := range []struct {
		ds      datasource.DataSource
		results string
		item    tftypes.Object
		ids     bool
	}{
		{NewConversationsDataSource(), "conversations", listItemType, true},
		{NewOperatorResultsDataSource(), "operator_results", operatorResultType, true},
		{NewOperatorsDataSource(), "operators", operatorType, true},
		{NewOperatorVersionsDataSource(), "versions", versionListType, false},
		{NewConfigurationsDataSource(), "configurations", configurationType, true},
	} {
		attrs := schemaType(tc.ds)
		if got := attrs[tc.results]; !got.Equal(tftypes.List{ElementType: tc.item}) {
			t.Errorf("%T: %s is %s, values are built as a list of %s", tc.ds, tc.results, got, tc.item)
		}
		if got, ok := attrs["ids"]; ok != tc.ids || (ok && !got.Equal(stringListType)) {
			t.Errorf("%T: ids is %v", tc.ds, got)
		}
	}

	var eph ephemeral.SchemaResponse
	NewConversationEphemeralResource().Schema(ctx, ephemeral.SchemaRequest{}, &eph)
	ephType, _ := eph.Schema.Type().TerraformType(ctx).(tftypes.Object)
	operatorItem := objectType(append(append([]field(nil), operatorFields...), operatorVersionFields...))
	for _, tc := range []struct {
		name  string
		attrs map[string]tftypes.Type
		item  tftypes.Object
	}{
		{"conversation data source", schemaType(NewConversationDataSource()), conversationType},
		{"conversation ephemeral resource", ephType.AttributeTypes, conversationType},
		{"operator result", schemaType(NewOperatorResultDataSource()), operatorResultType},
		{"operator", schemaType(NewOperatorDataSource()), operatorItem},
		{"configuration", schemaType(NewConfigurationDataSource()), configurationType},
	} {
		for k, want := range tc.item.AttributeTypes {
			if got, ok := tc.attrs[k]; !ok || !got.Equal(want) {
				t.Errorf("%s: %s is %v, values are built as %s", tc.name, k, got, want)
			}
		}
		if len(tc.attrs) != len(tc.item.AttributeTypes)+1 { // + timeouts
			t.Errorf("%s: %d attributes, want the item's %d and timeouts", tc.name, len(tc.attrs), len(tc.item.AttributeTypes))
		}
	}
}

// Every attribute, nested ones included, has a description; enum descriptions list the
// values.
func TestEveryAttributeIsDescribed(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	for name, a := range ps.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("provider attribute %s has no description", name)
		}
		if env := envVars[name]; !strings.Contains(a.GetMarkdownDescription(), env) {
			t.Errorf("provider attribute %s does not name %s", name, env)
		}
	}
	for _, factory := range p.DataSources(ctx) {
		ds := factory()
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%T has no description", ds)
		}
		walkDescriptions(t, "", resp.Schema.Attributes)
	}
	for _, tc := range []struct {
		ds     datasource.DataSource
		attr   string
		values []string
	}{
		{NewConversationsDataSource(), "status", intelligence.Statuses},
		{NewConversationsDataSource(), "channels", intelligence.Channels},
		{NewOperatorsDataSource(), "author", intelligence.Authors},
		{NewOperatorsDataSource(), "output_format", intelligence.OutputFormats},
	} {
		var resp datasource.SchemaResponse
		tc.ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		for _, v := range tc.values {
			if !strings.Contains(resp.Schema.Attributes[tc.attr].GetMarkdownDescription(), "`"+v+"`") {
				t.Errorf("%T: %s's description does not list %s", tc.ds, tc.attr, v)
			}
		}
	}
}

func walkDescriptions(t *testing.T, prefix string, attrs map[string]dsschema.Attribute) {
	for name, a := range attrs {
		if a.GetMarkdownDescription() == "" && a.GetDescription() == "" {
			t.Errorf("attribute %s%s has no description", prefix, name)
		}
		switch n := a.(type) {
		case dsschema.ListNestedAttribute:
			walkDescriptions(t, prefix+name+".", n.NestedObject.Attributes)
		case dsschema.SingleNestedAttribute:
			walkDescriptions(t, prefix+name+".", n.Attributes)
		}
	}
}

// conversationType is the object type of the single conversation's attributes.
var conversationType = objectType(conversationFields)
