package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// filterSetType is the type of a set of strings that filters a list: ids of
// configurations or operators, which are personal data that must not reach TF_LOG output.
//
// After every read the framework checks the state it got against the configuration. For
// a plain set it compares element by element and logs each element's path at DEBUG, and
// a set element's path is its value: operator_ids[Value("intelligence_operator_…")]. A
// filterSetValue answers that comparison for the whole set, so the framework's line names
// only the attribute, and its String (which the framework logs around that call) leaves
// the elements out. The Terraform type, and so the schema and the docs, are unchanged.
type filterSetType struct {
	basetypes.SetType
}

var _ basetypes.SetTypable = filterSetType{}

// stringFilterSet is the type of a filter attribute that is a set of strings.
func stringFilterSet() filterSetType {
	return filterSetType{basetypes.SetType{ElemType: types.StringType}}
}

func (t filterSetType) Equal(o attr.Type) bool {
	other, ok := o.(filterSetType)
	return ok && t.SetType.Equal(other.SetType)
}

func (t filterSetType) String() string {
	return "filterSetType[" + t.ElementType().String() + "]"
}

func (t filterSetType) ValueFromSet(_ context.Context, v basetypes.SetValue) (basetypes.SetValuable, diag.Diagnostics) {
	return filterSetValue{SetValue: v}, nil
}

func (t filterSetType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.SetType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	set, ok := v.(basetypes.SetValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return filterSetValue{SetValue: set}, nil
}

func (t filterSetType) ValueType(context.Context) attr.Value {
	return filterSetValue{}
}

// filterSetValue is a value of filterSetType.
type filterSetValue struct {
	basetypes.SetValue
}

var _ basetypes.SetValuableWithSemanticEquals = filterSetValue{}

func (v filterSetValue) Type(ctx context.Context) attr.Type {
	return filterSetType{basetypes.SetType{ElemType: v.ElementType(ctx)}}
}

func (v filterSetValue) Equal(o attr.Value) bool {
	other, ok := o.(filterSetValue)
	return ok && v.SetValue.Equal(other.SetValue)
}

// String describes the value without its elements: the framework logs it around
// SetSemanticEquals.
func (v filterSetValue) String() string {
	switch {
	case v.IsNull():
		return "<null>"
	case v.IsUnknown():
		return "<unknown>"
	}
	return fmt.Sprintf("<set of %d>", len(v.Elements()))
}

// SetSemanticEquals reports whether the sets are equal, as a whole.
func (v filterSetValue) SetSemanticEquals(ctx context.Context, prior basetypes.SetValuable) (bool, diag.Diagnostics) {
	p, diags := prior.ToSetValue(ctx)
	return v.SetValue.Equal(p), diags
}
