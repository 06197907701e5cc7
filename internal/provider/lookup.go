package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// Operators and configurations can be named by id or by display name. The API has no
// filter by name, so a name is looked up in the whole list (these collections are small)
// and must be unambiguous.

// byIDOrName are the id and display_name arguments of such a data source: exactly one
// is set, and the other is filled in from what was read.
func byIDOrName(r idRule) (map[string]schema.Attribute, []datasource.ConfigValidator) {
	return map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("Id of the %s to read, %s. Set exactly one of `id` and `display_name`; the other is filled in.",
					r.what, r.description()),
				Validators: []validator.String{r.validator()},
			},
			"display_name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: fmt.Sprintf("Display name of the %s to read, matched exactly (case included). It must name exactly one %s: "+
					"the API has no filter by name, so every %s is listed to find it.", r.what, r.what, r.what),
				Validators: []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
		}, []datasource.ConfigValidator{
			datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("display_name")),
		}
}

// findByName lists every item and returns the one whose display name is name. None, or
// several, is an error on display_name that says what was found.
func findByName[T any](ctx context.Context, items func(context.Context) (*intelligence.ListResult[T], error),
	r idRule, plural, name string, nameOf func(*T) *string, idOf func(*T) string, limit deadline, diags *diag.Diagnostics,
) (*T, bool) {
	all, err := items(ctx)
	if err != nil {
		addClientError(ctx, diags, fmt.Sprintf("Unable to list Twilio Intelligence %s to find %q", plural, name), err, limit)
		return nil, false
	}
	var found []*T
	for i := range all.Items {
		if n := nameOf(&all.Items[i]); n != nil && *n == name {
			found = append(found, &all.Items[i])
		}
	}
	switch len(found) {
	case 1:
		return found[0], true
	case 0:
		diags.AddAttributeError(path.Root("display_name"), fmt.Sprintf("No %s named %q", twilioNoun(r.what), name),
			fmt.Sprintf("None of the %d %s these credentials can read in this region is named %q. Names match exactly, case and spaces included.",
				len(all.Items), plural, name))
	default:
		ids := make([]string, len(found))
		for i, item := range found {
			ids[i] = idOf(item)
		}
		diags.AddAttributeError(path.Root("display_name"), fmt.Sprintf("Several Twilio Intelligence %s named %q", plural, name),
			fmt.Sprintf("%d %s are named %q: %s. Set id to the one you mean instead of display_name.",
				len(found), plural, name, strings.Join(ids, ", ")))
	}
	return nil, false
}
