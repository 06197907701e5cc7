package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// itemSpec describes a singular data source: one item, found by its arguments, or an
// error.
type itemSpec[T any] struct {
	typeName    string // after the provider's: "_intelligence_operator"
	description string
	// fields are the computed attributes; args, the arguments, replace fields of the
	// same name (an id that is an argument, or a display_name that may be one).
	fields     []field
	args       map[string]schema.Attribute
	validators []datasource.ConfigValidator
	// find reads the item the arguments name, adding an error to diags when it cannot.
	find func(context.Context, *intelligence.Client, tfsdk.Config, deadline, *diag.Diagnostics) (*T, bool)
	// attributes are the item's values, by attribute name.
	attributes func(*T) map[string]tftypes.Value
}

// itemDataSource serves an itemSpec.
type itemDataSource[T any] struct {
	spec   *itemSpec[T]
	client *intelligence.Client
}

var (
	_ datasource.DataSourceWithConfigure        = (*itemDataSource[int])(nil)
	_ datasource.DataSourceWithConfigValidators = (*itemDataSource[int])(nil)
)

func (d *itemDataSource[T]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.spec.typeName
}

func (d *itemDataSource[T]) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceAttributes(d.spec.fields)
	for name, a := range d.spec.args {
		attrs[name] = a
	}
	attrs["timeouts"] = readTimeoutAttribute(ctx)
	resp.Schema = schema.Schema{MarkdownDescription: d.spec.description, Attributes: attrs}
}

func (d *itemDataSource[T]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.spec.validators
}

func (d *itemDataSource[T]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *itemDataSource[T]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !configured(d.client, "data source", &resp.Diagnostics) {
		return
	}
	limit, diags := readTimeout(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, limit.timeout)
	defer cancel()
	item, ok := d.spec.find(ctx, d.client, req.Config, limit, &resp.Diagnostics)
	if !ok {
		return
	}
	state, err := withAttributes(req.Config.Raw, d.spec.attributes(item))
	if err != nil {
		resp.Diagnostics.AddError("Unable to store the Twilio Intelligence result", err.Error())
		return
	}
	resp.State.Raw = state
}

// findByID is the find of a data source whose id argument names the item.
func findByID[T any](r idRule, get func(*intelligence.Client, context.Context, string) (*T, error)) func(context.Context, *intelligence.Client, tfsdk.Config, deadline, *diag.Diagnostics) (*T, bool) {
	return func(ctx context.Context, c *intelligence.Client, config tfsdk.Config, limit deadline, diags *diag.Diagnostics) (*T, bool) {
		var id types.String
		diags.Append(config.GetAttribute(ctx, path.Root("id"), &id)...)
		if diags.HasError() {
			return nil, false
		}
		item, err := get(c, ctx, id.ValueString())
		switch {
		case errors.Is(err, intelligence.ErrNotFound):
			addNotFound(diags, path.Root("id"), r.what, id.ValueString(), err)
			return nil, false
		case err != nil:
			addClientError(ctx, diags, "Unable to read "+twilioNoun(r.what)+" "+id.ValueString(), err, limit)
			return nil, false
		}
		return item, true
	}
}
