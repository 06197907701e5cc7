package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// notBlank rejects empty strings and surrounding whitespace: an id never has either, and
// the API would answer with an empty list rather than an error.
func notBlank() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^\S(.*\S)?$`), "must not be empty or start or end with whitespace")
}

// createdAtOrderValidator rejects created_at_after later than created_at_before at plan
// time; the API would reject it too, but only after a round trip.
type createdAtOrderValidator struct{}

func (createdAtOrderValidator) Description(context.Context) string {
	return "created_at_after must not be later than created_at_before"
}

func (v createdAtOrderValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (createdAtOrderValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var after, before timetypes.RFC3339
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("created_at_after"), &after)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("created_at_before"), &before)...)
	if resp.Diagnostics.HasError() || after.IsNull() || after.IsUnknown() || before.IsNull() || before.IsUnknown() {
		return
	}
	a, diags := after.ValueRFC3339Time()
	if diags.HasError() {
		return // the attribute's own validation reports the format
	}
	b, diags := before.ValueRFC3339Time()
	if diags.HasError() {
		return
	}
	if a.After(b) {
		resp.Diagnostics.AddAttributeError(path.Root("created_at_after"), "Invalid created_at_after",
			fmt.Sprintf("created_at_after (%s) is later than created_at_before (%s), so no conversation could match. Swap them or fix one.",
				after.ValueString(), before.ValueString()))
	}
}
