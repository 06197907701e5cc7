package provider

import (
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// Result values are built as tftypes values directly rather than through tfsdk structs:
// reflection over thousands of nested items is many times slower and allocates many
// times more (BenchmarkConversationsRead in benchmarks/), and direct values keep null and
// [] apart for free.

var stringListType = tftypes.List{ElementType: tftypes.String}

// stringOrNull keeps a JSON null a Terraform null.
func stringOrNull(s *string) tftypes.Value {
	if s == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, *s)
}

// stringList keeps a JSON null a Terraform null and [] an empty list.
func stringList(values []string) tftypes.Value {
	if values == nil {
		return tftypes.NewValue(stringListType, nil)
	}
	elems := make([]tftypes.Value, len(values))
	for i, v := range values {
		elems[i] = tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(stringListType, elems)
}

// withAttributes returns a copy of the object value config with some attributes
// replaced: the state of a read is its configuration plus the computed results. The map
// that As fills belongs to config, so it is copied, never written.
func withAttributes(config tftypes.Value, replace map[string]tftypes.Value) (tftypes.Value, error) {
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	out := make(map[string]tftypes.Value, len(attrs))
	for k, v := range attrs {
		out[k] = v
	}
	for k, v := range replace {
		out[k] = v
	}
	return tftypes.NewValue(config.Type(), out), nil
}

func stringValue(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// versionOrNull keeps an absent version null.
func versionOrNull(v *intelligence.Version) tftypes.Value {
	if v == nil {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, int64(*v))
}

// jsonOrNull is a free-form object as compact JSON text, for jsondecode(); absent and
// null are null. Invalid UTF-8 inside its strings becomes U+FFFD, as everywhere else,
// because Terraform strings must be valid UTF-8.
func jsonOrNull(raw jsontext.Value) tftypes.Value {
	if len(raw) == 0 || raw.Kind() == 'n' {
		return tftypes.NewValue(tftypes.String, nil)
	}
	compact := append(jsontext.Value(nil), raw...)
	if err := compact.Format(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true)); err != nil {
		compact = raw // the decoder accepted it, so this cannot happen; keep it as sent
	}
	return tftypes.NewValue(tftypes.String, strings.ToValidUTF8(string(compact), "\uFFFD"))
}

// objectList is a list of objects built by value from items: null for a nil slice, []
// for an empty one.
func objectList[T any](elem tftypes.Object, items []T, value func(*T) tftypes.Value) tftypes.Value {
	if items == nil {
		return tftypes.NewValue(tftypes.List{ElementType: elem}, nil)
	}
	elems := make([]tftypes.Value, len(items))
	for i := range items {
		elems[i] = value(&items[i])
	}
	return tftypes.NewValue(tftypes.List{ElementType: elem}, elems)
}
