package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// Each kind of client error gets its own advice, in the provider's words.
func TestClientErrorAdvice(t *testing.T) {
	expired, cancelExpired := context.WithDeadline(context.Background(), time.Now())
	defer cancelExpired()
	<-expired.Done()
	list := deadline{timeout: time.Minute, attr: "timeouts.read", lists: true}
	single := deadline{timeout: time.Minute, attr: "timeouts.open"}
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		err    error
		limit  deadline
		want   []string
		reject []string
	}{
		{"401", context.Background(), &intelligence.APIError{StatusCode: 401}, list, []string{"rejected the credentials", "TWILIO_AUTH_TOKEN", "region"}, nil},
		{"403", context.Background(), &intelligence.APIError{StatusCode: 403}, list, []string{"may not read Conversational Intelligence data"}, nil},
		{"404", context.Background(), &intelligence.APIError{StatusCode: 404}, list, []string{"Check the id and the region"}, nil},
		{"429", context.Background(), &intelligence.APIError{StatusCode: 429, Attempts: 6}, list, []string{"after 6 attempt(s)", "max_retries", "-parallelism"}, nil},
		{"503", context.Background(), &intelligence.APIError{StatusCode: 503, Attempts: 3}, list, []string{"failed on its side after 3 attempt(s)"}, nil},
		{"400", context.Background(), &intelligence.APIError{StatusCode: 400}, list, []string{"rejected the request's arguments"}, nil},
		{"302", context.Background(), &intelligence.APIError{StatusCode: 302}, list, []string{"Check base_url"}, nil},
		{"error code", context.Background(), &intelligence.APIError{StatusCode: 400, Code: 20001}, list, []string{"https://www.twilio.com/docs/errors/20001"}, nil},
		{"unreadable body", context.Background(), &intelligence.DecodeError{StatusCode: 200, Err: errors.New("x")}, list, []string{"cannot read", "proxy"}, nil},
		{"unreachable", context.Background(), &intelligence.RequestError{Err: errors.New("x")}, list, []string{"could not be reached", "HTTPS_PROXY"}, nil},
		{"paging loop", context.Background(), fmt.Errorf("%w: x", intelligence.ErrPagingLoop), list, []string{"paging misbehaved"}, nil},
		{"cancelled", context.Background(), context.Canceled, list, []string{"cancelled before it finished"}, nil},
		{"list timeout", expired, context.DeadlineExceeded, list, []string{"within its timeout of 1m0s", "Raise timeouts.read", "max_results"}, nil},
		{"single read timeout", expired, context.DeadlineExceeded, single, []string{"Raise timeouts.open."}, []string{"max_results"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			addClientError(tc.ctx, &diags, "Unable to read", tc.err, tc.limit)
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics, want 1", len(diags))
			}
			detail := diags[0].Detail()
			for _, want := range tc.want {
				if !strings.Contains(detail, want) {
					t.Errorf("detail lacks %q:\n%s", want, detail)
				}
			}
			for _, reject := range tc.reject {
				if strings.Contains(detail, reject) {
					t.Errorf("detail has %q:\n%s", reject, detail)
				}
			}
		})
	}
}
