package intelligencetest_test

import (
	"fmt"
	"net/http"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// A test starts a server, queues the faults its client must survive, points the client at
// URL() with one of the test credentials, and asserts on what the server received.
func Example() {
	s := intelligencetest.NewServer(intelligencetest.Options{Conversations: 120})
	defer s.Close()
	s.Inject(intelligencetest.Fault{Kind: intelligencetest.FaultRateLimit, Endpoint: intelligencetest.ListEndpoint})
	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v3/Conversations?pageSize=20&channels=VOICE&channels=SMS", nil) //nolint:noctx // an example
		req.SetBasicAuth(intelligencetest.TestAPIKey, intelligencetest.TestAPISecret)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			fmt.Println(resp.StatusCode, resp.Header.Get("X-RateLimit-Reset") != "")
			resp.Body.Close()
		}
	}
	fmt.Println(s.Requests()[1].Query["channels"])
	// Output:
	// 429 true
	// 200 false
	// [VOICE SMS]
}
