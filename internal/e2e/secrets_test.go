package e2e

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// A full plan and apply at TF_LOG=TRACE, with retries happening, leaves no secret in
// Terraform's or the provider's logs, in the CLI's output, in the saved plan or in the
// state: neither the auth token or API secret nor the Authorization header's value. Nor
// does a filter value (personal data: a Call SID, configuration and operator ids) reach
// the logs or the CLI's output; the saved plan and the state hold it as configured.
func TestSecretsStayOutOfLogsPlanAndState(t *testing.T) {
	for _, tc := range []struct {
		name, user, pass string
		inBlock          bool // credentials in the provider block rather than the environment
	}{
		{"api key from the environment", intelligencetest.TestAPIKey, intelligencetest.TestAPISecret, false},
		{"auth token in the provider block", intelligencetest.TestAccountSID, intelligencetest.TestAuthToken, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := localAPI(t, intelligencetest.Options{Conversations: 2500})
			srv.Add(intelligencetest.SpecExample())
			// Retries on the list and on the single fetch, so retry logging is covered too.
			srv.Inject(intelligencetest.Fault{Kind: intelligencetest.FaultRateLimit, Endpoint: intelligencetest.ListEndpoint, RetryAfter: "0", After: 1})
			srv.Inject(intelligencetest.Fault{Kind: intelligencetest.FaultStatus, Status: 503, Endpoint: intelligencetest.GetEndpoint})

			block := fmt.Sprintf("provider \"twilio\" {\n  base_url = %q\n}\n", srv.URL())
			env := []string{"TWILIO_API_KEY=" + tc.user, "TWILIO_API_SECRET=" + tc.pass}
			if tc.inBlock {
				block = fmt.Sprintf("provider \"twilio\" {\n  base_url    = %q\n  account_sid = %q\n  auth_token  = %q\n}\n", srv.URL(), tc.user, tc.pass)
				env = nil
			}
			filters, planted := plantedFilters()
			config := block + filters + fmt.Sprintf(`
data "twilio_intelligence_conversations" "all" {}

data "twilio_intelligence_conversation" "one" {
  id = %q
}

output "count" {
  value = length(data.twilio_intelligence_conversations.all.ids)
}

output "first_message" {
  value = data.twilio_intelligence_conversation.one.communications[0].content.text
}
`, intelligencetest.SpecExample().ID)
			dir := t.TempDir()
			logPath := filepath.Join(dir, "terraform.log")
			w := newWorkspace(t, config, append(env, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)...)
			planOut, planErr := w.run(false, "plan", "-input=false", "-out=tfplan")
			showOut, _ := w.run(false, "show", "-json", "tfplan")
			applyOut, applyErr := w.run(false, "apply", "-auto-approve", "-input=false", "tfplan")
			outputs, _ := w.run(false, "output", "-json")

			payload := base64.StdEncoding.EncodeToString([]byte(tc.user + ":" + tc.pass))
			secrets := []string{tc.pass, payload}
			var state, logs []byte
			var err error
			if state, err = os.ReadFile(filepath.Join(w.dir, "terraform.tfstate")); err != nil {
				t.Fatal(err)
			}
			if logs, err = os.ReadFile(logPath); err != nil {
				t.Fatal(err)
			}
			captured := map[string]string{
				"plan output": planOut + planErr, "saved plan": withoutConfigLiterals(t, showOut), "apply output": applyOut + applyErr,
				"outputs": outputs, "state": string(state), "TRACE log": string(logs),
			}
			found := 0
			for where, text := range captured {
				for _, secret := range secrets {
					if n := strings.Count(text, secret); n > 0 {
						found += n
						t.Errorf("the %s holds a secret %d time(s)", where, n)
					}
				}
			}
			t.Logf("scanned %d bytes of logs, output, plan and state: %d secrets found", totalLen(captured), found)
			delete(captured, "saved plan")
			delete(captured, "state")
			scanFilterValues(t, captured, planted)

			// The scan means something only if the logs hold what it looked through.
			for _, want := range []string{
				"Authorization=[REDACTED]",         // the provider's request lines
				"channelId=***", "operatorIds=***", // the planted filters' request, values redacted
				"ConfigureProvider", // the configure call, where the credentials travel
			} {
				if !strings.Contains(string(logs), want) {
					t.Errorf("the TRACE log lacks %s: the scan may have missed where secrets would be", want)
				}
			}
			// The retries happened and were logged: the provider's response lines show each
			// injected status and, after it, another attempt at the same URI.
			for _, status := range []int{429, 503} {
				switch uri, ok := retriedAfter(responseLines(string(logs)), status); {
				case uri == "":
					t.Errorf("the TRACE log has no response line with tf_http_res_status_code=%d", status)
				case !ok:
					t.Errorf("the TRACE log has no attempt at tf_http_req_uri=%s after its %d", uri, status)
				}
			}
			if !strings.Contains(outputs, "Thank you for calling") {
				t.Errorf("outputs %s: the apply did not read the conversation", outputs)
			}
		})
	}
}

// An API that cannot be reached fails the plan with an error that, like the TRACE log
// written meanwhile, carries no filter value, although net/http's own error quotes the
// whole URL.
func TestFilterValuesStayOutOfUnreachableErrors(t *testing.T) {
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	filters, planted := plantedFilters()
	config := fmt.Sprintf("provider \"twilio\" {\n  base_url    = %q\n  max_retries = 1\n}\n", base) + filters
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	w := newWorkspace(t, config, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath,
		"TWILIO_API_KEY="+intelligencetest.TestAPIKey, "TWILIO_API_SECRET="+intelligencetest.TestAPISecret)
	stdout, stderr := w.run(true, "plan", "-input=false")
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	errorText := strings.Join(strings.Fields(stdout+stderr), " ")
	if !strings.Contains(errorText, "Unable to list") || !strings.Contains(errorText, base+"/v3/Conversations") {
		t.Errorf("the plan did not fail on the unreachable API:\n%s", stdout+stderr)
	}
	scanFilterValues(t, map[string]string{"plan output": stdout + stderr, "TRACE log": string(logs)}, planted)
}

// plantedFilters is a data source whose filter values are new to this run, so finding
// one in a log or an output can only mean it leaked there.
func plantedFilters() (config string, values []string) {
	sid := make([]byte, 16)
	_, _ = rand.Read(sid)
	id := func(prefix string) string { return prefix + "7" + strings.ToLower(rand.Text())[:25] }
	values = []string{"CA" + hex.EncodeToString(sid), id("conv_configuration_"), id("intelligence_configuration_"), id("intelligence_operator_")}
	config = fmt.Sprintf(`
data "twilio_intelligence_conversations" "planted" {
  channel_id                     = %q
  conversation_configuration_id  = %q
  intelligence_configuration_ids = [%q]
  operator_ids                   = [%q]
}
`, values[0], values[1], values[2], values[3])
	return config, values
}

// loggedResponse is one of the provider's response lines in a log (internal/intelligence's
// loggingTransport): the attempt's redacted URI and its HTTP status.
type loggedResponse struct {
	uri    string
	status int
}

var (
	responseField = regexp.MustCompile(`\btf_http_op_type=response\b`)
	uriField      = regexp.MustCompile(`\btf_http_req_uri=("(?:[^"\\]|\\.)*"|\S+)`)
	statusField   = regexp.MustCompile(`\btf_http_res_status_code=(\d+)\b`)
)

// responseLines are the provider's response lines of logs that carry a status, in order.
func responseLines(logs string) []loggedResponse {
	var out []loggedResponse
	for line := range strings.Lines(logs) {
		if !responseField.MatchString(line) {
			continue
		}
		uri, status := uriField.FindStringSubmatch(line), statusField.FindStringSubmatch(line)
		if uri == nil || status == nil {
			continue
		}
		n, err := strconv.Atoi(status[1])
		if err != nil {
			continue
		}
		out = append(out, loggedResponse{uri: uri[1], status: n})
	}
	return out
}

// retriedAfter reports whether a response with status is followed by another response for
// the same URI (the request retried), and the URI of the first response with that status.
func retriedAfter(responses []loggedResponse, status int) (uri string, ok bool) {
	for i, r := range responses {
		if r.status != status {
			continue
		}
		if uri == "" {
			uri = r.uri
		}
		for _, later := range responses[i+1:] {
			if later.uri == r.uri {
				return r.uri, true
			}
		}
	}
	return uri, false
}

func scanFilterValues(t *testing.T, captured map[string]string, planted []string) {
	t.Helper()
	for where, text := range captured {
		for _, v := range planted {
			if n := strings.Count(text, v); n > 0 {
				t.Errorf("the %s holds the filter value %s %d time(s)", where, v, n)
			}
		}
	}
}

// withoutConfigLiterals drops the provider block's own expressions from a saved plan's
// JSON. Terraform repeats the configuration there as written, so a token typed into the
// .tf file (and readable in it) shows up as a constant; that is Terraform's doing and the
// reason the docs say to keep secrets in the environment. Everything else in the plan is
// still scanned.
func withoutConfigLiterals(t *testing.T, planJSON string) string {
	t.Helper()
	var plan map[string]any
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	if config, ok := plan["configuration"].(map[string]any); ok {
		delete(config, "provider_config")
	}
	out, _ := json.Marshal(plan)
	return string(out)
}

func totalLen(m map[string]string) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}
