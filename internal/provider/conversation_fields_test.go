package provider

import (
	"context"
	"encoding/json"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"unicode"

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
	out := convert(raw).(map[string]any)
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

// Each JSON field of the wire types has an attribute, and each attribute a JSON field.
func TestFieldTablesMatchTheWireTypes(t *testing.T) {
	for _, tc := range []struct {
		fields []field
		typ    reflect.Type
		skip   string
	}{
		{listItemFields, reflect.TypeOf(intelligence.Conversation{}), "communications"},
		{conversationFields, reflect.TypeOf(intelligence.Conversation{}), ""},
		{participantFields, reflect.TypeOf(intelligence.Participant{}), ""},
		{communicationFields, reflect.TypeOf(intelligence.Communication{}), ""},
	} {
		want := map[string]bool{}
		for i := range tc.typ.NumField() {
			name := snake(strings.Split(tc.typ.Field(i).Tag.Get("json"), ",")[0])
			if name != tc.skip {
				want[name] = true
			}
		}
		got := map[string]bool{}
		for _, f := range tc.fields {
			got[f.name] = true
			if f.description == "" {
				t.Errorf("%s.%s has no description", tc.typ.Name(), f.name)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: attributes %v, JSON fields %v", tc.typ.Name(), got, want)
		}
	}
}

// The schemas the framework sees declare exactly the types the values are built with.
func TestSchemasMatchTheValueTypes(t *testing.T) {
	ctx := context.Background()
	objectOf := func(t *testing.T, typ tftypes.Type) tftypes.Object {
		t.Helper()
		o, ok := typ.(tftypes.Object)
		if !ok {
			t.Fatalf("%s is not an object", typ)
		}
		return o
	}
	var plural datasource.SchemaResponse
	NewConversationsDataSource().Schema(ctx, datasource.SchemaRequest{}, &plural)
	pluralType := objectOf(t, plural.Schema.Type().TerraformType(ctx))
	if got := pluralType.AttributeTypes["conversations"]; !got.Equal(tftypes.List{ElementType: listItemType}) {
		t.Errorf("conversations is %s, values are built as a list of %s", got, listItemType)
	}
	if got := pluralType.AttributeTypes["ids"]; !got.Equal(stringListType) {
		t.Errorf("ids is %s", got)
	}

	var single datasource.SchemaResponse
	NewConversationDataSource().Schema(ctx, datasource.SchemaRequest{}, &single)
	var eph ephemeral.SchemaResponse
	NewConversationEphemeralResource().Schema(ctx, ephemeral.SchemaRequest{}, &eph)
	for name, typ := range map[string]tftypes.Type{
		"data source":        single.Schema.Type().TerraformType(ctx),
		"ephemeral resource": eph.Schema.Type().TerraformType(ctx),
	} {
		attrs := objectOf(t, typ).AttributeTypes
		for k, want := range conversationType.AttributeTypes {
			if got, ok := attrs[k]; !ok || !got.Equal(want) {
				t.Errorf("%s: %s is %v, values are built as %s", name, k, got, want)
			}
		}
		if len(attrs) != len(conversationType.AttributeTypes)+1 { // + timeouts
			t.Errorf("%s: %d attributes, want the conversation's %d and timeouts", name, len(attrs), len(conversationType.AttributeTypes))
		}
	}
}

// Every attribute, nested ones included, has a description; enum descriptions list the
// values.
func TestEveryAttributeIsDescribed(t *testing.T) {
	ctx := context.Background()
	var p provider.SchemaResponse
	New("test")().Schema(ctx, provider.SchemaRequest{}, &p)
	for name, a := range p.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("provider attribute %s has no description", name)
		}
		if env := envVars[name]; !strings.Contains(a.GetMarkdownDescription(), env) {
			t.Errorf("provider attribute %s does not name %s", name, env)
		}
	}
	for _, ds := range []datasource.DataSource{NewConversationsDataSource(), NewConversationDataSource()} {
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%T has no description", ds)
		}
		walkDescriptions(t, "", resp.Schema.Attributes)
	}
	var plural datasource.SchemaResponse
	NewConversationsDataSource().Schema(ctx, datasource.SchemaRequest{}, &plural)
	for attr, values := range map[string][]string{"status": intelligence.Statuses, "channels": intelligence.Channels} {
		for _, v := range values {
			if !strings.Contains(plural.Schema.Attributes[attr].GetMarkdownDescription(), "`"+v+"`") {
				t.Errorf("%s's description does not list %s", attr, v)
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
