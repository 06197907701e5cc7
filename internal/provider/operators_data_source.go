package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// NewOperatorsDataSource is twilio_intelligence_operators: every Language Operator the
// account can use, optionally only those of one author or output format.
func NewOperatorsDataSource() datasource.DataSource {
	return &listDataSource[intelligence.Operator, operatorFilter]{spec: &operatorsSpec}
}

// operatorFilter is what twilio_intelligence_operators filters on. The API has no
// filters for operators, so these apply to what was read.
type operatorFilter struct {
	author, outputFormat string
}

func (f operatorFilter) keep(o *intelligence.Operator) bool {
	return (f.author == "" || (o.Author != nil && *o.Author == f.author)) &&
		(f.outputFormat == "" || (o.OutputFormat != nil && *o.OutputFormat == f.outputFormat))
}

var operatorsSpec = listSpec[intelligence.Operator, operatorFilter]{
	typeName: "_intelligence_operators",
	noun:     "operators",
	description: "Lists the Language Operators of Twilio's Conversational Intelligence API v3 (`GET /v3/ControlPlane/Operators`): the account's own (`SELF`) and Twilio's (`TWILIO`). " +
		"All pages are read, so `operators` is the full list unless `max_results` caps it. " +
		"The API has no filters for operators: `author` and `output_format` are applied to what was read, so with either set every operator is read before they and `max_results` apply.",
	args: map[string]schema.Attribute{
		"author": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Only operators by this author: " + codeList(intelligence.Authors) + ". Applied after reading.",
			Validators:          []validator.String{stringvalidator.OneOf(intelligence.Authors...)},
		},
		"output_format": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "Only operators with this output format: " + codeList(intelligence.OutputFormats) + ". Applied after reading.",
			Validators:          []validator.String{stringvalidator.OneOf(intelligence.OutputFormats...)},
		},
	},
	filter: func(ctx context.Context, config tfsdk.Config) (operatorFilter, diag.Diagnostics) {
		var author, format types.String
		diags := config.GetAttribute(ctx, path.Root("author"), &author)
		diags.Append(config.GetAttribute(ctx, path.Root("output_format"), &format)...)
		return operatorFilter{author: author.ValueString(), outputFormat: format.ValueString()}, diags
	},
	// With a filter set the cap applies to what it keeps, so every operator is read first.
	list: func(c *intelligence.Client, ctx context.Context, f operatorFilter, opts intelligence.ListOptions) (*intelligence.ListResult[intelligence.Operator], error) {
		if f == (operatorFilter{}) {
			return c.ListOperators(ctx, opts)
		}
		res, err := c.ListOperators(ctx, intelligence.ListOptions{PageSize: opts.PageSize})
		if err != nil {
			return nil, err
		}
		kept := res.Items[:0]
		for i := range res.Items {
			if f.keep(&res.Items[i]) {
				kept = append(kept, res.Items[i])
			}
		}
		if opts.MaxResults > 0 && len(kept) > opts.MaxResults {
			kept, res.Truncated = kept[:opts.MaxResults], true
		}
		res.Items = kept
		return res, nil
	},
	query: func(f operatorFilter) (string, url.Values) {
		params := url.Values{}
		for name, v := range map[string]string{"author": f.author, "outputFormat": f.outputFormat} {
			if v != "" {
				params.Set(name, v)
			}
		}
		return "/v3/ControlPlane/Operators", params
	},
	results:            "operators",
	resultsDescription: "The matching operators, in API order.",
	fields:             operatorFields,
	value:              operatorValue,
	id:                 func(o *intelligence.Operator) string { return o.ID },
}

// NewOperatorDataSource is twilio_intelligence_operator: one Language Operator by id or
// display name, at its current version or a given one.
func NewOperatorDataSource() datasource.DataSource {
	return &itemDataSource[intelligence.Operator]{spec: &operatorSpec}
}

var operatorSpec = func() itemSpec[intelligence.Operator] {
	args, validators := byIDOrName(operatorID)
	args["version"] = schema.Int64Attribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "Version to read (`GET /v3/ControlPlane/Operators/{id}/Versions/{version}`), which also fills `status` and `date_created`. " +
			"Unset reads the current version and fills this in.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	return itemSpec[intelligence.Operator]{
		typeName: "_intelligence_operator",
		description: "One Language Operator of Twilio's Conversational Intelligence API v3 (`GET /v3/ControlPlane/Operators/{id}`), by id or by display name, " +
			"at its current version or at `version`. An operator that does not exist, or a name that matches none or several, is an error.",
		fields:     append(append([]field(nil), operatorFields...), operatorVersionFields...),
		args:       args,
		validators: validators,
		find:       findOperator,
		attributes: func(o *intelligence.Operator) map[string]tftypes.Value {
			attrs := operatorAttributes(o)
			attrs["status"] = stringOrNull(o.Status)
			attrs["date_created"] = stringOrNull(o.DateCreated)
			return attrs
		},
	}
}()

func findOperator(ctx context.Context, c *intelligence.Client, config tfsdk.Config, limit deadline, diags *diag.Diagnostics) (*intelligence.Operator, bool) {
	var id, name types.String
	var version types.Int64
	diags.Append(config.GetAttribute(ctx, path.Root("id"), &id)...)
	diags.Append(config.GetAttribute(ctx, path.Root("display_name"), &name)...)
	diags.Append(config.GetAttribute(ctx, path.Root("version"), &version)...)
	if diags.HasError() {
		return nil, false
	}
	if !name.IsNull() {
		op, ok := findByName(ctx, func(ctx context.Context) (*intelligence.ListResult[intelligence.Operator], error) {
			return c.ListOperators(ctx, intelligence.ListOptions{})
		}, operatorID, "operators", name.ValueString(),
			func(o *intelligence.Operator) *string { return o.DisplayName }, func(o *intelligence.Operator) string { return o.ID }, limit, diags)
		if !ok || version.IsNull() {
			return op, ok // a list item is the whole operator at its current version
		}
		id = types.StringValue(op.ID)
	}
	if version.IsNull() {
		return findByID(operatorID, (*intelligence.Client).GetOperator)(ctx, c, config, limit, diags)
	}
	op, err := c.GetOperatorVersion(ctx, id.ValueString(), version.ValueInt64())
	switch {
	case errors.Is(err, intelligence.ErrNotFound):
		diags.AddAttributeError(path.Root("version"), "Twilio Intelligence Language Operator version not found",
			fmt.Sprintf("Language Operator %q has no version %d for these credentials in this region, or the operator does not exist: %v\n\n"+
				"twilio_intelligence_operator_versions lists its versions.", id.ValueString(), version.ValueInt64(), err))
		return nil, false
	case err != nil:
		addClientError(ctx, diags, fmt.Sprintf("Unable to read Twilio Intelligence Language Operator %s version %d", id.ValueString(), version.ValueInt64()), err, limit)
		return nil, false
	}
	return op, true
}

// NewOperatorVersionsDataSource is twilio_intelligence_operator_versions: the versions
// of one Language Operator.
func NewOperatorVersionsDataSource() datasource.DataSource {
	return &listDataSource[intelligence.OperatorVersion, string]{spec: &operatorVersionsSpec}
}

var operatorVersionsSpec = listSpec[intelligence.OperatorVersion, string]{
	typeName: "_intelligence_operator_versions",
	noun:     "operator versions",
	description: "Lists the versions of one Language Operator of Twilio's Conversational Intelligence API v3 (`GET /v3/ControlPlane/Operators/{id}/Versions`), " +
		"with their status and lifecycle dates. An operator that does not exist is an error.",
	args: map[string]schema.Attribute{
		"operator_id": idAttribute(operatorID, true, "The operator whose versions to list."),
	},
	filter: func(ctx context.Context, config tfsdk.Config) (string, diag.Diagnostics) {
		var id types.String
		diags := config.GetAttribute(ctx, path.Root("operator_id"), &id)
		return id.ValueString(), diags
	},
	list:   (*intelligence.Client).ListOperatorVersions,
	parent: &idArgument{attr: "operator_id", rule: operatorID},
	query: func(operatorID string) (string, url.Values) {
		return "/v3/ControlPlane/Operators/{id}/Versions", url.Values{"id": {operatorID}}
	},

	results:            "versions",
	resultsDescription: "The operator's versions, in API order.",
	fields:             versionListFields,
	value:              versionValue,
}
