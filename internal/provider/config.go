package provider

import (
	"context"
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
// checks what the schema validators cannot see (values from the environment, pairs,
// unknowns) and picks the credentials.
func resolveSettings(config providerModel) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	strs := map[string]types.String{
		attrAccountSID: config.AccountSID,
		attrAuthToken:  config.AuthToken,
		attrAPIKey:     config.APIKey,
		attrAPISecret:  config.APISecret,
		attrRegion:     config.Region,
		attrEdge:       config.Edge,
		attrBaseURL:    config.BaseURL,
	}
	values := map[string]attr.Value{attrMaxRetries: config.MaxRetries}
	for name, v := range strs {
		values[name] = v
	}
	for _, name := range sortedKeys(values) {
		if values[name].IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Unknown Twilio provider "+name,
				fmt.Sprintf("The value of %s comes from something Terraform only knows after apply, but the provider needs it to plan. "+
					"Set it to a value known at plan time (a literal or a variable), or leave it unset and use the %s environment variable.", name, envVars[name]))
		}
	}
	if diags.HasError() {
		return settings{}, diags
	}

	get := func(name string) string {
		if v := strs[name]; !v.IsNull() {
			return v.ValueString()
		}
		return os.Getenv(envVars[name])
	}
	accountSID, authToken := get(attrAccountSID), get(attrAuthToken)
	apiKey, apiSecret := get(attrAPIKey), get(attrAPISecret)
	region, edge, baseURL := get(attrRegion), get(attrEdge), get(attrBaseURL)

	// The schema validates what the block sets; values from the environment are checked
	// here with the same rules, and the error names both the attribute and the variable.
	fromEnv := func(name string) bool { return strs[name].IsNull() && os.Getenv(envVars[name]) != "" }
	checkEnv := func(name, value string, ok bool, want string) {
		if fromEnv(name) && !ok {
			diags.AddAttributeError(path.Root(name), "Invalid Twilio provider "+name,
				fmt.Sprintf("The %s environment variable (used because %s is not set) %s.", envVars[name], name, want))
		}
	}
	checkEnv(attrAccountSID, accountSID, intelligence.AccountSIDPattern.MatchString(accountSID), "must be AC followed by 32 hexadecimal characters")
	checkEnv(attrAPIKey, apiKey, intelligence.APIKeySIDPattern.MatchString(apiKey), "must be SK followed by 32 hexadecimal characters")
	checkEnv(attrRegion, region, intelligence.RegionPattern.MatchString(region), "must be a Twilio region such as us1, ie1 or au1")
	checkEnv(attrEdge, edge, intelligence.EdgePattern.MatchString(edge), "must be a Twilio edge such as ashburn, dublin or sydney")
	if fromEnv(attrBaseURL) {
		if _, err := intelligence.ParseBaseURL(baseURL); err != nil {
			checkEnv(attrBaseURL, baseURL, false, "is not usable: "+err.Error())
		}
	}

	s := settings{maxRetries: intelligence.DefaultMaxRetries}
	switch {
	case !config.MaxRetries.IsNull():
		s.maxRetries = int(config.MaxRetries.ValueInt64())
	case os.Getenv(envVars[attrMaxRetries]) != "":
		raw := os.Getenv(envVars[attrMaxRetries])
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil || n < 0 || n > maxRetriesLimit {
			checkEnv(attrMaxRetries, raw, false, fmt.Sprintf("must be a whole number between 0 and %d, got %q", maxRetriesLimit, raw))
		}
		s.maxRetries = n
	}

	// Half a pair is never silently ignored: it is almost always a missing variable.
	missing := func(have, lack string) {
		diags.AddAttributeError(path.Root(lack), "Missing Twilio provider "+lack,
			fmt.Sprintf("%s is set (in the provider block or %s) but %s is not. Set %s in the provider block or the %s environment variable.",
				have, envVars[have], lack, lack, envVars[lack]))
	}
	switch {
	case apiKey != "" && apiSecret == "":
		missing(attrAPIKey, attrAPISecret)
	case apiKey == "" && apiSecret != "":
		missing(attrAPISecret, attrAPIKey)
	case apiKey != "" && apiSecret != "":
		s.username, s.password, s.authMethod = apiKey, apiSecret, "api_key"
	}
	if s.username == "" && !diags.HasError() {
		switch {
		case accountSID != "" && authToken == "":
			missing(attrAccountSID, attrAuthToken)
		case accountSID == "" && authToken != "":
			missing(attrAuthToken, attrAccountSID)
		case accountSID != "" && authToken != "":
			s.username, s.password, s.authMethod = accountSID, authToken, "auth_token"
		default:
			diags.AddError("Missing Twilio credentials",
				"The provider needs credentials to call the Intelligence API. Either:\n"+
					"  - an API key (recommended): api_key and api_secret, or TWILIO_API_KEY and TWILIO_API_SECRET; or\n"+
					"  - the account's auth token: account_sid and auth_token, or TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.")
		}
	}

	s.baseURL = baseURL
	if baseURL == "" {
		s.baseURL = intelligence.BaseURLFor(region, edge)
	} else if region != "" || edge != "" {
		diags.AddAttributeWarning(path.Root(attrBaseURL), "base_url overrides region and edge",
			fmt.Sprintf("Requests go to %s; region %q and edge %q are ignored. Unset base_url (and TWILIO_INTELLIGENCE_BASE_URL) to use them.", baseURL, region, edge))
	}
	return s, diags
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
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Twilio provider base_url", err.Error())
	}
}
