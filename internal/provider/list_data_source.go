package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// defaultReadTimeout bounds a whole Read unless timeouts.read says otherwise: long enough
// for a hundred thousand conversations over a slow link, short enough that a hung API
// does not hold a pipeline for an hour.
const defaultReadTimeout = 10 * time.Minute

// listSpec describes a plural data source: every item of one list endpoint that matches
// its arguments, all pages read, up to max_results. T is the item, F the filter the
// arguments map to.
type listSpec[T, F any] struct {
	typeName    string // after the provider's: "_intelligence_operators"
	noun        string // plural, for messages: "operators"
	description string
	// args are the data source's own arguments; page_size, max_results and timeouts
	// are added to every list.
	args       map[string]schema.Attribute
	validators []datasource.ConfigValidator
	// filter reads the arguments.
	filter func(context.Context, tfsdk.Config) (F, diag.Diagnostics)
	// list reads the items; max_results and page_size arrive as opts.
	list func(*intelligence.Client, context.Context, F, intelligence.ListOptions) (*intelligence.ListResult[T], error)
	// parent, when set, is the id argument a 404 is about (the operator whose versions
	// are listed), so that it becomes a not-found error naming that id.
	parent *idArgument
	// query is the request the arguments make, without paging: the API path (a path
	// parameter as {name}) and the parameters, path parameters included (for a filter the
	// API lacks, the argument's name in the API's style). It makes the list's id.
	query func(F) (path string, params url.Values)
	// results is the attribute that holds the items, described by fields and built by
	// value; id, when set, also fills ids.
	results            string
	resultsDescription string
	fields             []field
	value              func(*T) tftypes.Value
	id                 func(*T) string
}

// listDataSource serves a listSpec.
type listDataSource[T, F any] struct {
	spec   *listSpec[T, F]
	client *intelligence.Client
}

var (
	_ datasource.DataSourceWithConfigure        = (*listDataSource[int, int])(nil)
	_ datasource.DataSourceWithConfigValidators = (*listDataSource[int, int])(nil)
)

func (d *listDataSource[T, F]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.spec.typeName
}

func (d *listDataSource[T, F]) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := pagingAttributes(ctx, d.spec.noun)
	for name, a := range d.spec.args {
		attrs[name] = a
	}
	attrs[d.spec.results] = schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: d.spec.resultsDescription + " Empty, not null, when nothing matches.",
		NestedObject:        schema.NestedAttributeObject{Attributes: dataSourceAttributes(d.spec.fields)},
	}
	if d.spec.id != nil {
		attrs["ids"] = schema.ListAttribute{
			Computed:            true,
			ElementType:         types.StringType,
			MarkdownDescription: fmt.Sprintf("The ids of `%s`, in the same order: handy for `for_each = toset(...)`.", d.spec.results),
		}
	}
	attrs["id"] = schema.StringAttribute{
		Computed: true,
		MarkdownDescription: "Names the list by the request its arguments make: the API path, the names of the parameters it carries and a digest of their values " +
			"(without paging, `max_results` or `timeouts`), such as `/v3/Conversations?channels,status#0123456789abcdef`. " +
			"Equal arguments give equal ids; the values themselves never show, because Terraform prints the id and filter values can be personal data.",
	}
	resp.Schema = schema.Schema{MarkdownDescription: d.spec.description, Attributes: attrs}
}

// listID is a list's id: the API path, the names of the parameters the request carries,
// and a digest of their values, such as /v3/Conversations?channels,status#0123456789abcdef.
// Equal requests have equal ids (a set's values are sorted first), different ones
// different ids, and no value shows: Terraform prints a data source's id after reading
// it, and filter values (a Call SID, ids) are personal data that must stay out of CLI
// output people paste into issues. Terraform needs no id for a data source, but Pulumi's
// Terraform bridge gives every function an id output and leaves it empty otherwise.
func listID(path string, params url.Values) string {
	if len(params) == 0 {
		return path
	}
	names := slices.Sorted(maps.Keys(params))
	sorted := make(url.Values, len(params))
	for k, v := range params {
		sorted[k] = slices.Sorted(slices.Values(v))
	}
	sum := sha256.Sum256([]byte(path + "?" + sorted.Encode()))
	return path + "?" + strings.Join(names, ",") + "#" + hex.EncodeToString(sum[:8])
}

func (d *listDataSource[T, F]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.spec.validators
}

func (d *listDataSource[T, F]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *listDataSource[T, F]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !configured(d.client, "data source", &resp.Diagnostics) {
		return
	}
	limit, diags := readTimeout(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	opts, diags := listOptions(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	filter, diags := d.spec.filter(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	limit.lists = true
	ctx, cancel := context.WithTimeout(ctx, limit.timeout)
	defer cancel()

	result, err := d.spec.list(d.client, ctx, filter, opts)
	if p := d.spec.parent; p != nil && errors.Is(err, intelligence.ErrNotFound) {
		var id types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(p.attr), &id)...)
		addNotFound(&resp.Diagnostics, path.Root(p.attr), p.rule.what, id.ValueString(), err)
		return
	}
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, "Unable to list Twilio Intelligence "+d.spec.noun, err, limit)
		return
	}
	tflog.Debug(ctx, "Listed Twilio Intelligence "+d.spec.noun, map[string]any{
		"count": len(result.Items), "pages": result.Pages, "truncated": result.Truncated,
	})
	if result.Truncated {
		// Not attached to max_results: Pulumi's bridge turns any attribute-scoped
		// diagnostic, warnings included, into a failed call.
		resp.Diagnostics.AddWarning(fmt.Sprintf("Twilio Intelligence %s limited by max_results", d.spec.noun),
			fmt.Sprintf("The list stopped at max_results = %d %s before reaching the end of the results, so more %s match. "+
				"Raise or remove max_results to read them all.", opts.MaxResults, d.spec.noun, d.spec.noun))
	}

	items := make([]tftypes.Value, len(result.Items))
	for i := range result.Items {
		items[i] = d.spec.value(&result.Items[i])
	}
	replace := map[string]tftypes.Value{
		"id":           stringValue(listID(d.spec.query(filter))),
		"page_size":    tftypes.NewValue(tftypes.Number, int64(opts.PageSize)),
		d.spec.results: tftypes.NewValue(tftypes.List{ElementType: objectType(d.spec.fields)}, items),
	}
	if d.spec.id != nil {
		ids := make([]tftypes.Value, len(result.Items))
		for i := range result.Items {
			ids[i] = stringValue(d.spec.id(&result.Items[i]))
		}
		replace["ids"] = tftypes.NewValue(stringListType, ids)
	}
	state, err := withAttributes(req.Config.Raw, replace)
	if err != nil {
		resp.Diagnostics.AddError("Unable to store Twilio Intelligence "+d.spec.noun, err.Error())
		return
	}
	resp.State.Raw = state
}
