package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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

// configured reports whether Configure gave this data source a client; Terraform calls
// Read only on a configured provider, so a missing client is a bug to report, not a panic.
func configured(client *intelligence.Client, diags *diag.Diagnostics) bool {
	if client == nil {
		diags.AddError("Twilio provider not configured",
			"The data source was read before the provider was configured. This is a bug in the provider; please report it.")
	}
	return client != nil
}

// deadline is how long a read may take and the attribute that sets it, for the message
// when it runs out.
type deadline struct {
	timeout time.Duration
	attr    string // timeouts.read or timeouts.open
}

// addClientError turns a client error into a diagnostic whose summary says what failed
// and whose detail says why and what to do about it.
func addClientError(ctx context.Context, diags *diag.Diagnostics, summary string, err error, limit deadline) {
	detail := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		detail = fmt.Sprintf("The read did not finish within its timeout of %s (%v). Raise %s, or narrow the filters or set max_results so fewer conversations are read.", limit.timeout, err, limit.attr)
	case errors.Is(err, context.Canceled):
		detail = fmt.Sprintf("The read was cancelled before it finished (%v).", err)
	default:
		if advice := intelligence.Advice(err); advice != "" {
			detail += "\n\n" + advice
		}
	}
	diags.AddError(summary, detail)
}
