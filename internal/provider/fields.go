package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The attributes of every object the API returns are described once, in a table of
// fields per object (conversation_fields.go, operator_fields.go, ...), and every schema
// and value type is built from those tables, so the two cannot drift apart. The values
// themselves are built by hand, checked against the tables by the parity tests.

type fieldKind int

const (
	kindString fieldKind = iota
	kindInt64
	kindStringList
	kindObject
	kindObjectList
	// kindJSON is a free-form API object, kept as its JSON text: the framework cannot
	// put a dynamic value inside a list of objects, so policy-document style strings,
	// read with jsondecode(), are what the big providers do too.
	kindJSON
)

type field struct {
	name        string
	kind        fieldKind
	description string
	nested      []field
}

// terraformType is the tftypes type of one field.
func (f field) terraformType() tftypes.Type {
	switch f.kind {
	case kindInt64:
		return tftypes.Number
	case kindStringList:
		return tftypes.List{ElementType: tftypes.String}
	case kindObject:
		return objectType(f.nested)
	case kindObjectList:
		return tftypes.List{ElementType: objectType(f.nested)}
	}
	return tftypes.String
}

func objectType(fields []field) tftypes.Object {
	types := make(map[string]tftypes.Type, len(fields))
	for _, f := range fields {
		types[f.name] = f.terraformType()
	}
	return tftypes.Object{AttributeTypes: types}
}

// codeList renders enum values for a description: `A`, `B` or `C`.
func codeList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}
