package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// protoV6ProviderFactories serves the provider in-process to the Terraform CLI that
// terraform-plugin-testing runs.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"twilio": providerserver.NewProtocol6WithError(New("test")()),
}

// localAPI starts the local Intelligence API for one test (TestMain has taken the
// developer's own TWILIO_* environment away).
func localAPI(t *testing.T, opts intelligencetest.Options) *intelligencetest.Server {
	t.Helper()
	srv := intelligencetest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

// providerBlock points the provider at srv with the local API's test credentials and
// quick retries.
func providerBlock(srv *intelligencetest.Server) string {
	return fmt.Sprintf(`
provider "twilio" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
  max_retries = 2
}
`, srv.URL(), intelligencetest.TestAccountSID, intelligencetest.TestAuthToken)
}

// readsAndPages splits the request log of the list at path into reads: each request
// without a pageToken starts one, and the pages that follow belong to it. It reports the
// number of reads and the pages of each.
func readsAndPages(srv *intelligencetest.Server, path string) (pages []int) {
	for _, r := range srv.Requests() {
		if r.Path != path {
			continue
		}
		if !r.Query.Has("pageToken") || len(pages) == 0 {
			pages = append(pages, 0)
		}
		pages[len(pages)-1]++
	}
	return pages
}

// expectError compiles a pattern for ExpectError in which every space matches any run
// of whitespace, because Terraform wraps diagnostics to the terminal's width.
func expectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// noRequests fails when srv answered anything: plan-time errors must come before any
// request.
func noRequests(t *testing.T, srv *intelligencetest.Server) {
	t.Helper()
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("%d requests reached the API; the error must come before any request: %v", n, srv.Requests())
	}
}

// The provider block's own plan-time errors, through Terraform.
func TestAccProviderConfigErrors(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{})
	data := `
data "twilio_intelligence_conversations" "test" {}
`
	credentials := `
  api_key    = "` + intelligencetest.TestAPIKey + `"
  api_secret = "` + intelligencetest.TestAPISecret + `"
`
	// The environment of the cases that need one, by name.
	env := map[string]map[string]string{
		"region without a default edge from TWILIO_REGION": {"TWILIO_REGION": "xx9"},
	}
	for _, tc := range []struct {
		name   string
		block  string
		expect string
	}{
		{"http to a remote host", `provider "twilio" {
  base_url    = "http://intelligence.twilio.com"
  account_sid = "` + intelligencetest.TestAccountSID + `"
  auth_token  = "x"
}`, `base_url.*only allowed for loopback`},
		{"bad account sid", `provider "twilio" {
  account_sid = "AC123"
  auth_token  = "x"
}`, `account_sid.*AC followed by 32 hexadecimal`},
		{"bad api key", `provider "twilio" {
  api_key    = "AK0123456789abcdef0123456789abcdef"
  api_secret = "x"
}`, `api_key.*SK followed by 32 hexadecimal`},
		{"half an api key pair", `provider "twilio" {
  base_url = "` + srv.URL() + `"
  api_key  = "SK0123456789abcdef0123456789abcdef"
}`, `Missing Twilio provider api_secret.*TWILIO_API_SECRET`},
		{"no credentials", `provider "twilio" {
  base_url = "` + srv.URL() + `"
}`, `Missing Twilio credentials.*TWILIO_API_KEY.*TWILIO_AUTH_TOKEN`},
		{"account sid with whitespace", `provider "twilio" {
  account_sid = " AC0123456789abcdef0123456789abcdef"
  auth_token  = "x"
}`, `account_sid.*AC followed by 32 hexadecimal`},
		{"empty auth token", `provider "twilio" {
  account_sid = "` + intelligencetest.TestAccountSID + `"
  auth_token  = ""
}`, `auth_token.*at least 1`},
		{"empty api secret", `provider "twilio" {
  api_key    = "SK0123456789abcdef0123456789abcdef"
  api_secret = ""
}`, `api_secret.*at least 1`},
		{"bad region", `provider "twilio" {
  region = "Ireland"
}`, `region.*Twilio region`},
		{"upper-case region", `provider "twilio" {
  region = "IE1"
}`, `region.*Twilio region`},
		{"empty region", `provider "twilio" {
  region = ""
}`, `region.*Twilio region`},
		{"bad edge", `provider "twilio" {
  edge = "Dublin/1"
}`, `edge.*Twilio edge`},
		{"base url with another scheme", `provider "twilio" {
  base_url = "ftp://127.0.0.1/"
}`, `base_url.*expected https`},
		{"base url with credentials", `provider "twilio" {
  base_url = "https://user:hunter2@example.com"
}`, `base_url.*must not contain credentials: set them with api_key/api_secret or account_sid/auth_token`},
		{"relative base url", `provider "twilio" {
  base_url = "intelligence.twilio.com"
}`, `base_url.*not an absolute URL`},
		{"negative max retries", `provider "twilio" {
  max_retries = -1
}`, `max_retries.*between 0 and 20`},
		{"max retries out of range", `provider "twilio" {
  max_retries = 99
}`, `max_retries.*between 0 and 20`},
		{"region without a default edge", `provider "twilio" {
  region     = "xx9"` + credentials + `}`, `Twilio region xx9 needs an edge.*region = "xx9".*no default edge.*Set edge`},
		{"region without a default edge from TWILIO_REGION", `provider "twilio" {` + credentials + `}`,
			`Twilio region xx9 needs an edge.*TWILIO_REGION environment variable.*"xx9".*Set edge`},
		{"a value unknown at plan time", `resource "terraform_data" "sid" {
  input = "` + intelligencetest.TestAccountSID + `"
}
provider "twilio" {
  base_url    = "` + srv.URL() + `"
  account_sid = terraform_data.sid.output
  auth_token  = "x"
}`, `Unknown Twilio provider account_sid.*known at plan time.*TWILIO_ACCOUNT_SID`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range env[tc.name] {
				t.Setenv(k, v)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.block + data,
					PlanOnly:    true,
					ExpectError: expectError(tc.expect),
				}},
			})
			noRequests(t, srv)
		})
	}
}

// Credentials from the environment and api key precedence, end to end.
func TestAccProviderEnvironment(t *testing.T) {
	srv := localAPI(t, intelligencetest.Options{Conversations: 3})
	t.Setenv("TWILIO_INTELLIGENCE_BASE_URL", srv.URL())
	t.Setenv("TWILIO_API_KEY", intelligencetest.TestAPIKey)
	t.Setenv("TWILIO_API_SECRET", intelligencetest.TestAPISecret)
	t.Setenv("TWILIO_ACCOUNT_SID", intelligencetest.TestAccountSID)
	t.Setenv("TWILIO_AUTH_TOKEN", "not-the-token") // would be a 401 if it were used
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "twilio" {}
data "twilio_intelligence_conversations" "test" {}
output "count" { value = length(data.twilio_intelligence_conversations.test.ids) }
`,
			Check: resource.TestCheckOutput("count", "3"),
		}},
	})
	for _, r := range srv.Requests() {
		if !r.Authorized {
			t.Errorf("request %s was not authorized", r.RawQuery)
		}
	}
}
