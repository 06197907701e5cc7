package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// clientFrom takes the client that Configure built. ProviderData is nil while Terraform
// validates a configuration before the provider is configured; that is not an error.
func clientFrom(providerData any, diags *diag.Diagnostics) *intelligence.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*intelligence.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *intelligence.Client, got %T. This is a bug in the provider; please report it.", providerData))
	}
	return client
}

// configured reports whether Configure gave this data source or ephemeral resource (what)
// a client; Terraform reads only through a configured provider, so a missing client is a
// bug to report, not a panic.
func configured(client *intelligence.Client, what string, diags *diag.Diagnostics) bool {
	if client == nil {
		diags.AddError("Twilio provider not configured",
			"The "+what+" was read before the provider was configured. This is a bug in the provider; please report it.")
	}
	return client != nil
}

// deadline is how long a read may take and the attribute that sets it, for the message
// when it runs out.
type deadline struct {
	timeout time.Duration
	attr    string // timeouts.read or timeouts.open
	lists   bool   // the read is a list, which max_results and filters can shorten
}

// addClientError turns a client error into a diagnostic whose summary says what failed
// and whose detail says why and what to do about it.
func addClientError(ctx context.Context, diags *diag.Diagnostics, summary string, err error, limit deadline) {
	detail := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		detail = fmt.Sprintf("The read did not finish within its timeout of %s (%v). Raise %s", limit.timeout, err, limit.attr)
		if limit.lists {
			detail += ", or narrow the filters or set max_results so that fewer items are read"
		}
		detail += "."
	case errors.Is(err, context.Canceled):
		detail = fmt.Sprintf("The read was cancelled before it finished (%v).", err)
	default:
		if advice := errorAdvice(err); advice != "" {
			detail += "\n\n" + advice
		}
	}
	diags.AddError(summary, detail)
}

// twilioNoun names a kind of object in a message: "Twilio Intelligence operator result",
// but "Twilio Intelligence Configuration", not "Twilio Intelligence Intelligence
// Configuration".
func twilioNoun(what string) string {
	if strings.HasPrefix(what, "Intelligence ") {
		return "Twilio " + what
	}
	return "Twilio Intelligence " + what
}

// addNotFound is the error for an id that names nothing, on the attribute that holds it.
func addNotFound(diags *diag.Diagnostics, attr path.Path, what, id string, err error) {
	diags.AddAttributeError(attr, twilioNoun(what)+" not found",
		fmt.Sprintf("No %s %q exists for these credentials in this region: %v\n\n%s", what, id, err, errorAdvice(err)))
}

// errorAdvice says what a person can do about a client error, in the provider's words.
func errorAdvice(err error) string {
	var apiErr *intelligence.APIError
	var decodeErr *intelligence.DecodeError
	var reqErr *intelligence.RequestError
	switch {
	case errors.As(err, &apiErr):
		advice := apiErrorAdvice(apiErr)
		if u := apiErr.DocsURL(); u != "" {
			advice += fmt.Sprintf("\n\nTwilio's page for error %d: %s", apiErr.Code, u)
		}
		return advice
	case errors.As(err, &decodeErr):
		return "The API answered with a body this provider cannot read. If base_url points at a proxy or a stub, check that it forwards to the Intelligence API; otherwise retry, and report it if it persists."
	case errors.As(err, &reqErr):
		return "The API could not be reached. Check the network and any proxy (HTTPS_PROXY), and that region, edge or base_url name a Twilio Intelligence endpoint; raise max_retries if the network is flaky."
	case errors.Is(err, intelligence.ErrPagingLoop):
		return "The API's paging misbehaved, so the read stopped rather than loop. Retry later, and report it if it persists."
	}
	return ""
}

func apiErrorAdvice(e *intelligence.APIError) string {
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return "Twilio rejected the credentials. Check account_sid/auth_token (TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN) or api_key/api_secret (TWILIO_API_KEY/TWILIO_API_SECRET). An API key only works in the region it was created in: a key from ie1 used without region = \"ie1\" (or the other way round) is rejected with 401."
	case e.StatusCode == http.StatusForbidden:
		return "The credentials are valid but may not read Conversational Intelligence data. Check the API key's permissions and that the account has Conversational Intelligence enabled in this region."
	case e.StatusCode == http.StatusNotFound:
		return "Nothing with this id exists for these credentials in this region. Check the id and the region."
	case e.StatusCode == http.StatusTooManyRequests:
		return fmt.Sprintf("Twilio rate-limited the request and it was still limited after %d attempt(s). Retry later, raise max_retries, or run Terraform with a lower -parallelism.", e.Attempts)
	case e.StatusCode >= 500:
		return fmt.Sprintf("The API failed on its side after %d attempt(s). Retry later; raise max_retries if this is frequent.", e.Attempts)
	case e.StatusCode == http.StatusBadRequest:
		return "The API rejected the request's arguments. Check the arguments against the documented formats."
	case e.StatusCode >= 300 && e.StatusCode < 400:
		return "Check base_url: the Intelligence API does not redirect."
	}
	return ""
}
