package provider

import (
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccLive reads real Twilio with the credentials of the environment (TWILIO_API_KEY
// and TWILIO_API_SECRET, or TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, plus TWILIO_REGION
// and TWILIO_EDGE if the account needs them). It only reads, at most five conversations,
// and is skipped without credentials.
func TestAccLive(t *testing.T) {
	for name, v := range liveEnv { // TestMain took them out of the environment
		t.Setenv(name, v)
	}
	keyPair := os.Getenv("TWILIO_API_KEY") != "" && os.Getenv("TWILIO_API_SECRET") != ""
	tokenPair := os.Getenv("TWILIO_ACCOUNT_SID") != "" && os.Getenv("TWILIO_AUTH_TOKEN") != ""
	if !keyPair && !tokenPair {
		t.Skip("no Twilio credentials in the environment: set TWILIO_API_KEY and TWILIO_API_SECRET " +
			"(or TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN) to run the live test against real Twilio")
	}
	if os.Getenv("TWILIO_INTELLIGENCE_BASE_URL") != "" {
		t.Skip("TWILIO_INTELLIGENCE_BASE_URL is set: the live test is for Twilio itself")
	}
	after := time.Now().UTC().Add(-30 * 24 * time.Hour).Format(time.RFC3339)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "twilio" {}

data "twilio_intelligence_conversations" "test" {
  created_at_after = "` + after + `"
  max_results      = 5
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("ids"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("page_size"), knownvalue.Int64Exact(1000)),
			},
		}},
	})
}
