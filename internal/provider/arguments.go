package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// The arguments data sources share, each checked at plan time so that a mistake fails
// before any request.

// notBlank rejects empty strings and surrounding whitespace: an id never has either, and
// the API would answer with an empty list rather than an error.
func notBlank() validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^\S(.*\S)?$`), "must not be empty or start or end with whitespace")
}

// idRule describes one kind of id: what it names and its pattern from the spec.
type idRule struct {
	what    string // "conversation", "operator", ...
	pattern *regexp.Regexp
}

var (
	conversationID  = idRule{"conversation", intelligence.ConversationIDPattern}
	operatorID      = idRule{"Language Operator", intelligence.OperatorIDPattern}
	configurationID = idRule{"Intelligence Configuration", intelligence.IntelligenceConfigurationIDPattern}
	resultID        = idRule{"operator result", intelligence.OperatorResultIDPattern}
)

// prefix is what every id of the kind starts with, such as "conv_conversation_".
func (r idRule) prefix() string {
	prefix, _ := r.pattern.LiteralPrefix()
	return prefix
}

func (r idRule) description() string {
	return fmt.Sprintf("`%s` followed by 26 characters (pattern `%s`)", r.prefix(), r.pattern)
}

func (r idRule) validator() validator.String {
	return stringvalidator.RegexMatches(r.pattern,
		fmt.Sprintf("must be %s id: %s followed by a digit 0-7 and 25 lowercase letters or digits", article(r.what), r.prefix()))
}

// idArgument is an id argument of a data source and the kind of id it holds.
type idArgument struct {
	attr string
	rule idRule
}

// idAttribute is a string argument holding one id; the description says what it is for.
func idAttribute(r idRule, required bool, description string) schema.StringAttribute {
	return schema.StringAttribute{
		Required:            required,
		Optional:            !required,
		MarkdownDescription: description + " Id of the " + r.what + ", " + r.description() + ".",
		Validators:          []validator.String{r.validator()},
	}
}

// idSetAttribute is a filter that takes several ids and matches any of them.
func idSetAttribute(r idRule, description string) schema.SetAttribute {
	return schema.SetAttribute{
		CustomType:          stringFilterSet(),
		ElementType:         types.StringType,
		Optional:            true,
		MarkdownDescription: description + " Each is " + r.description() + ".",
		Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(r.validator())},
	}
}

// pagingAttributes are page_size, max_results and timeouts, which every list has.
func pagingAttributes(ctx context.Context, noun string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"page_size": schema.Int64Attribute{
			Optional: true,
			Computed: true,
			MarkdownDescription: fmt.Sprintf("%s per request, 1 to %d. Default: %d, the API's maximum, which needs the fewest requests; lower it only if a proxy limits response sizes. "+
				"A smaller `max_results` lowers the size requested to match (this attribute keeps its value). API parameter `pageSize`.",
				upperFirst(noun), intelligence.MaxPageSize, intelligence.MaxPageSize),
			Validators: []validator.Int64{int64validator.Between(1, intelligence.MaxPageSize)},
		},
		"max_results": schema.Int64Attribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("Stop after this many %s (at least 1). Unset means all. When the cap cuts the list short, the read adds a warning.", noun),
			Validators:          []validator.Int64{int64validator.AtLeast(1)},
		},
		"timeouts": readTimeoutAttribute(ctx),
	}
}

// listOptions reads page_size and max_results.
func listOptions(ctx context.Context, config tfsdk.Config) (intelligence.ListOptions, diag.Diagnostics) {
	var pageSize, maxResults types.Int64
	diags := config.GetAttribute(ctx, path.Root("page_size"), &pageSize)
	diags.Append(config.GetAttribute(ctx, path.Root("max_results"), &maxResults)...)
	opts := intelligence.ListOptions{PageSize: intelligence.MaxPageSize, MaxResults: int(maxResults.ValueInt64())}
	if !pageSize.IsNull() && !pageSize.IsUnknown() {
		opts.PageSize = int(pageSize.ValueInt64())
	}
	return opts, diags
}

// readTimeoutAttribute is the library's timeouts attribute with descriptions that say
// what the timeout bounds and its default.
func readTimeoutAttribute(ctx context.Context) schema.Attribute {
	attr, _ := timeouts.AttributesWithOpts(ctx, timeouts.Opts{ReadDescription: readTimeoutDescription}).(schema.SingleNestedAttribute)
	attr.MarkdownDescription = "Time limits for this data source."
	return attr
}

var readTimeoutDescription = fmt.Sprintf("How long one read may take in all, retries and every page included, as a duration such as `30s` or `5m`. Default: `%s`.",
	strings.TrimSuffix(defaultReadTimeout.String(), "0s"))

// readTimeout reads timeouts.read.
func readTimeout(ctx context.Context, config tfsdk.Config) (deadline, diag.Diagnostics) {
	var limits timeouts.Value
	diags := config.GetAttribute(ctx, path.Root("timeouts"), &limits)
	timeout, d := limits.Read(ctx, defaultReadTimeout)
	diags.Append(d...)
	return deadline{timeout: timeout, attr: "timeouts.read"}, diags
}

// article puts "a" or "an" before a noun.
func article(noun string) string {
	if noun != "" && strings.ContainsRune("AEIOUaeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
