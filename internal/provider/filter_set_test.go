package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A filter set compares as a whole and never spells out its elements, so the framework's
// logs around a read carry none of them.
func TestFilterSetKeepsElementsOutOfLogs(t *testing.T) {
	ctx := context.Background()
	const secret = "intelligence_operator_7secretsecretsecretsecretse"
	raw := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, secret)})
	v, err := stringFilterSet().ValueFromTerraform(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	set, ok := v.(filterSetValue)
	if !ok || !set.Type(ctx).Equal(stringFilterSet()) {
		t.Fatalf("ValueFromTerraform gave %T of type %v", v, v.Type(ctx))
	}
	if s := set.String(); strings.Contains(s, secret) {
		t.Errorf("String() = %q spells out an element", s)
	}
	same, diags := set.SetSemanticEquals(ctx, set)
	other := filterSetValue{types.SetValueMust(types.StringType, []attr.Value{types.StringValue("x")})}
	different, _ := set.SetSemanticEquals(ctx, other)
	if diags.HasError() || !same || different {
		t.Errorf("SetSemanticEquals: same %v, different %v, %v", same, different, diags)
	}
	var out []string
	if diags := set.ElementsAs(ctx, &out, false); diags.HasError() || len(out) != 1 || out[0] != secret {
		t.Errorf("ElementsAs = %v, %v", out, diags)
	}
}
