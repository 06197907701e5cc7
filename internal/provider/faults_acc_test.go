package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// One fault of each class through Terraform: recovered by retries, retries exhausted, a
// malformed answer, and rejected credentials. The client's unit tests cover every cell.
func TestAccFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		faults []intelligencetest.Fault
		expect string // "" means the read recovers with every conversation
	}{
		{name: "retried: 429 then 503 on a later page", faults: []intelligencetest.Fault{
			{Kind: intelligencetest.FaultRateLimit, RetryAfter: "0", After: 1},
			{Kind: intelligencetest.FaultStatus, Status: 503, After: 1},
		}},
		{name: "retried: connection reset mid-body", faults: []intelligencetest.Fault{
			{Kind: intelligencetest.FaultConnectionReset, After: 1},
		}},
		{name: "exhausted: 429 on every attempt", faults: []intelligencetest.Fault{
			{Kind: intelligencetest.FaultRateLimit, RetryAfter: "0", Times: -1},
		}, expect: `Unable to list Twilio Intelligence conversations.*HTTP 429.*after 3 attempts.*rate-limited`},
		{name: "malformed: truncated JSON", faults: []intelligencetest.Fault{
			{Kind: intelligencetest.FaultTruncatedJSON, After: 1},
		}, expect: `Unable to list Twilio Intelligence conversations.*unexpected body.*cannot read`},
		{name: "auth: 403", faults: []intelligencetest.Fault{
			{Kind: intelligencetest.FaultErrorBody, Status: 403},
		}, expect: `Unable to list Twilio Intelligence conversations.*HTTP 403.*permissions`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := localAPI(t, intelligencetest.Options{Conversations: 250})
			for _, f := range tc.faults {
				srv.Inject(f)
			}
			step := resource.TestStep{
				Config: providerBlock(srv) + `
data "twilio_intelligence_conversations" "test" {
  page_size = 100
}
`,
			}
			if tc.expect != "" {
				step.ExpectError = expectError(tc.expect)
			} else {
				step.ConfigStateChecks = []statecheck.StateCheck{
					idsExactly(oracle(srv, func(*intelligence.Conversation) bool { return true })),
					statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("conversations"), knownvalue.ListSizeExact(250)),
				}
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: []resource.TestStep{step}})
		})
	}
}
