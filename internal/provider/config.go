package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// Provider attribute names and the environment variable behind each.
const (
	attrAccountSID = "account_sid"
	attrAuthToken  = "auth_token"
	attrAPIKey     = "api_key"
	attrAPISecret  = "api_secret"
	attrRegion     = "region"
	attrEdge       = "edge"
	attrBaseURL    = "base_url"
	attrMaxRetries = "max_retries"

	maxRetriesLimit = 20
)

var envVars = map[string]string{ //nolint:gosec // the names of variables, not credentials
	attrAccountSID: "TWILIO_ACCOUNT_SID",
	attrAuthToken:  "TWILIO_AUTH_TOKEN",
	attrAPIKey:     "TWILIO_API_KEY",
	attrAPISecret:  "TWILIO_API_SECRET",
	attrRegion:     "TWILIO_REGION",
	attrEdge:       "TWILIO_EDGE",
	attrBaseURL:    "TWILIO_INTELLIGENCE_BASE_URL",
	attrMaxRetries: "TWILIO_MAX_RETRIES",
}

// settings is the provider configuration once the environment has filled the gaps.
type settings struct {
	baseURL    string
	username   string
	password   string
	authMethod string // for the debug log: which pair was chosen, never the values
	maxRetries int
}

// resolveSettings merges the provider block with the environment (the block wins),
// checks what the schema validators cannot see (unknowns, values from the environment,
// pairs, a region without an edge) and picks the credentials and the API root.
func resolveSettings(config providerModel) (settings, diag.Diagnostics) {
	if diags := unknownValues(config); diags.HasError() {
		return settings{}, diags
	}
	r := mergeEnvironment(config)
	r.validateEnvironment()
	s := settings{maxRetries: r.maxRetries(config.MaxRetries)}
	s.username, s.password, s.authMethod = r.credentials()
	s.baseURL = r.baseURL()
	return s, r.diags
}

// stringAttributes are the provider block's string attributes by name.
func stringAttributes(config providerModel) map[string]types.String {
	return map[string]types.String{
		attrAccountSID: config.AccountSID,
		attrAuthToken:  config.AuthToken,
		attrAPIKey:     config.APIKey,
		attrAPISecret:  config.APISecret,
		attrRegion:     config.Region,
		attrEdge:       config.Edge,
		attrBaseURL:    config.BaseURL,
	}
}

// unknownValues reports every attribute whose value Terraform only knows after apply: the
// provider is configured at plan time, so it cannot wait for them.
func unknownValues(config providerModel) diag.Diagnostics {
	values := map[string]attr.Value{attrMaxRetries: config.MaxRetries}
	for name, v := range stringAttributes(config) {
		values[name] = v
	}
	var diags diag.Diagnostics
	for _, name := range sortedKeys(values) {
		if values[name].IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Unknown Twilio provider "+name,
				fmt.Sprintf("The value of %s comes from something Terraform only knows after apply, but the provider needs it to plan. "+
					"Set it to a value known at plan time (a literal or a variable), or leave it unset and use the %s environment variable.", name, envVars[name]))
		}
	}
	return diags
}

// resolver holds the string attributes once merged with the environment, and the
// diagnostics that the steps of resolveSettings find.
type resolver struct {
	values  map[string]string
	fromEnv map[string]bool // the value came from the attribute's environment variable
	diags   diag.Diagnostics
}

// mergeEnvironment takes each string attribute from the block, or from its environment
// variable when the block leaves it unset.
func mergeEnvironment(config providerModel) *resolver {
	r := &resolver{values: map[string]string{}, fromEnv: map[string]bool{}}
	for name, v := range stringAttributes(config) {
		if !v.IsNull() {
			r.values[name] = v.ValueString()
			continue
		}
		r.values[name] = os.Getenv(envVars[name])
		r.fromEnv[name] = r.values[name] != ""
	}
	return r
}

// validateEnvironment checks values from the environment with the rules the schema
// applies to the block; the error names both the attribute and the variable.
func (r *resolver) validateEnvironment() {
	for _, check := range []struct {
		name string
		ok   func(string) bool
		want string
	}{
		{attrAccountSID, intelligence.AccountSIDPattern.MatchString, "must be AC followed by 32 hexadecimal characters"},
		{attrAPIKey, intelligence.APIKeySIDPattern.MatchString, "must be SK followed by 32 hexadecimal characters"},
		{attrRegion, intelligence.RegionPattern.MatchString, "must be a Twilio region such as us1, ie1 or au1"},
		{attrEdge, intelligence.EdgePattern.MatchString, "must be a Twilio edge such as ashburn, dublin or sydney"},
	} {
		if r.fromEnv[check.name] && !check.ok(r.values[check.name]) {
			r.invalidEnv(check.name, check.want)
		}
	}
	if r.fromEnv[attrBaseURL] {
		if _, err := intelligence.ParseBaseURL(r.values[attrBaseURL]); err != nil {
			r.invalidEnv(attrBaseURL, "is not usable: "+baseURLProblem(err))
		}
	}
}

func (r *resolver) invalidEnv(name, want string) {
	r.diags.AddAttributeError(path.Root(name), "Invalid Twilio provider "+name,
		fmt.Sprintf("The %s environment variable (used because %s is not set) %s.", envVars[name], name, want))
}

// maxRetries is the block's max_retries, else TWILIO_MAX_RETRIES, else the default.
func (r *resolver) maxRetries(block types.Int64) int {
	if !block.IsNull() {
		return int(block.ValueInt64())
	}
	raw := os.Getenv(envVars[attrMaxRetries])
	if raw == "" {
		return intelligence.DefaultMaxRetries
	}
	n, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || n < 0 || n > maxRetriesLimit {
		r.invalidEnv(attrMaxRetries, fmt.Sprintf("must be a whole number between 0 and %d, got %q", maxRetriesLimit, raw))
	}
	return n
}

// credentials picks the API key pair when it is complete, else the account SID and auth
// token. Half a pair is never silently ignored: it is almost always a missing variable.
// The account pair is only looked at when nothing else is wrong, so that one mistake
// gives one error.
func (r *resolver) credentials() (username, password, method string) {
	apiKey, apiSecret := r.values[attrAPIKey], r.values[attrAPISecret]
	switch {
	case apiKey != "" && apiSecret == "":
		r.missing(attrAPIKey, attrAPISecret)
	case apiKey == "" && apiSecret != "":
		r.missing(attrAPISecret, attrAPIKey)
	case apiKey != "" && apiSecret != "":
		return apiKey, apiSecret, "api_key"
	}
	if r.diags.HasError() {
		return "", "", ""
	}
	accountSID, authToken := r.values[attrAccountSID], r.values[attrAuthToken]
	switch {
	case accountSID != "" && authToken == "":
		r.missing(attrAccountSID, attrAuthToken)
	case accountSID == "" && authToken != "":
		r.missing(attrAuthToken, attrAccountSID)
	case accountSID != "" && authToken != "":
		return accountSID, authToken, "auth_token"
	default:
		r.diags.AddError("Missing Twilio credentials",
			"The provider needs credentials to call the Intelligence API. Either:\n"+
				"  - an API key (recommended): api_key and api_secret, or TWILIO_API_KEY and TWILIO_API_SECRET; or\n"+
				"  - the account's auth token: account_sid and auth_token, or TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.")
	}
	return "", "", ""
}

func (r *resolver) missing(have, lack string) {
	r.diags.AddAttributeError(path.Root(lack), "Missing Twilio provider "+lack,
		fmt.Sprintf("%s is set (in the provider block or %s) but %s is not. Set %s in the provider block or the %s environment variable.",
			have, envVars[have], lack, lack, envVars[lack]))
}

// baseURL is base_url when set (with a warning if region or edge are set too, since they
// are then ignored), else the root that region and edge select. A region without an edge
// and without a default edge has no host: that is an error on region, before any request.
func (r *resolver) baseURL() string {
	region, edge, baseURL := r.values[attrRegion], r.values[attrEdge], r.values[attrBaseURL]
	if baseURL != "" {
		if region != "" || edge != "" {
			r.diags.AddAttributeWarning(path.Root(attrBaseURL), "base_url overrides region and edge",
				fmt.Sprintf("Requests go to %s; region %q and edge %q are ignored. Unset base_url (and TWILIO_INTELLIGENCE_BASE_URL) to use them.", baseURL, region, edge))
		}
		return baseURL
	}
	u, err := intelligence.BaseURLFor(region, edge)
	var noEdge *intelligence.NoDefaultEdgeError
	// A malformed region from the environment was reported by validateEnvironment already.
	if errors.As(err, &noEdge) && intelligence.RegionPattern.MatchString(region) {
		r.noDefaultEdge(region)
	}
	return u
}

func (r *resolver) noDefaultEdge(region string) {
	source := fmt.Sprintf("region = %q", region)
	if r.fromEnv[attrRegion] {
		source = fmt.Sprintf("The %s environment variable (used because region is not set) is %q, a region that", envVars[attrRegion], region)
	} else {
		source += " is a region that"
	}
	r.diags.AddAttributeError(path.Root(attrRegion), "Twilio region "+region+" needs an edge",
		fmt.Sprintf("%s has no default edge, and Twilio reaches a region only through https://intelligence.{edge}.{region}.twilio.com. "+
			"Set edge (or the %s environment variable) to an edge location of %s. "+
			"Regions whose edge is filled in when edge is unset: %s.", source, envVars[attrEdge], region, defaultEdgeList("")))
}

// defaultEdgeList lists the regions with a default edge as "au1 (sydney), br1 (...)",
// each name between quotes (for Markdown, "`").
func defaultEdgeList(quote string) string {
	edges := intelligence.DefaultEdges()
	parts := make([]string, 0, len(edges))
	for _, region := range sortedKeys(edges) {
		parts = append(parts, fmt.Sprintf("%[1]s%[2]s%[1]s (%[1]s%[3]s%[1]s)", quote, region, edges[region]))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// baseURLValidator applies the client's own rule for base_url at plan time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https URL, or an http URL whose host is a loopback address"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := intelligence.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Twilio provider base_url", baseURLProblem(err))
	}
}

// baseURLProblem says what is wrong with a base_url, and where credentials go instead.
func baseURLProblem(err error) string {
	if errors.Is(err, intelligence.ErrCredentialsInBaseURL) {
		return err.Error() + ": set them with api_key/api_secret or account_sid/auth_token"
	}
	return err.Error()
}
