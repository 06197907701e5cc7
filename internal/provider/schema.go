package provider

import (
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// dataSourceAttributes turns a field table into computed data source attributes.
func dataSourceAttributes(fields []field) map[string]dsschema.Attribute {
	attrs := make(map[string]dsschema.Attribute, len(fields))
	for _, f := range fields {
		switch f.kind {
		case kindString, kindJSON:
			attrs[f.name] = dsschema.StringAttribute{Computed: true, MarkdownDescription: f.description}
		case kindInt64:
			attrs[f.name] = dsschema.Int64Attribute{Computed: true, MarkdownDescription: f.description}
		case kindStringList:
			attrs[f.name] = dsschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: f.description}
		case kindObject:
			attrs[f.name] = dsschema.SingleNestedAttribute{Computed: true, MarkdownDescription: f.description,
				Attributes: dataSourceAttributes(f.nested)}
		case kindObjectList:
			attrs[f.name] = dsschema.ListNestedAttribute{Computed: true, MarkdownDescription: f.description,
				NestedObject: dsschema.NestedAttributeObject{Attributes: dataSourceAttributes(f.nested)}}
		}
	}
	return attrs
}

// ephemeralAttributes is dataSourceAttributes for the ephemeral resource's schema package.
func ephemeralAttributes(fields []field) map[string]ephschema.Attribute {
	attrs := make(map[string]ephschema.Attribute, len(fields))
	for _, f := range fields {
		switch f.kind {
		case kindString, kindJSON:
			attrs[f.name] = ephschema.StringAttribute{Computed: true, MarkdownDescription: f.description}
		case kindInt64:
			attrs[f.name] = ephschema.Int64Attribute{Computed: true, MarkdownDescription: f.description}
		case kindStringList:
			attrs[f.name] = ephschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: f.description}
		case kindObject:
			attrs[f.name] = ephschema.SingleNestedAttribute{Computed: true, MarkdownDescription: f.description,
				Attributes: ephemeralAttributes(f.nested)}
		case kindObjectList:
			attrs[f.name] = ephschema.ListNestedAttribute{Computed: true, MarkdownDescription: f.description,
				NestedObject: ephschema.NestedAttributeObject{Attributes: ephemeralAttributes(f.nested)}}
		}
	}
	return attrs
}
