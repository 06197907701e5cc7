package intelligencetest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

// A test starts a server, queues the faults the client must survive, and points the
// client at URL() with one of the test credentials.
func Example() {
	s := intelligencetest.NewServer(intelligencetest.Options{Conversations: 120})
	defer s.Close()

	// The second page is rate limited once, with only X-RateLimit-Reset to go by.
	s.Inject(intelligencetest.Fault{Kind: intelligencetest.FaultRateLimit, Endpoint: intelligencetest.ListEndpoint, After: 1})

	get := func(q url.Values) (int, intelligence.Page[intelligence.Conversation]) {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, s.URL()+"/v3/Conversations?"+q.Encode(), nil)
		if err != nil {
			panic(err)
		}
		req.SetBasicAuth(intelligencetest.TestAPIKey, intelligencetest.TestAPISecret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		var p intelligence.Page[intelligence.Conversation]
		_ = json.NewDecoder(resp.Body).Decode(&p)
		return resp.StatusCode, p
	}

	// Filters and pageSize go with every page, and the token is escaped (q.Encode does).
	q := url.Values{"pageSize": {"20"}, "channels": {"VOICE", "SMS"}}
	status, first := get(q)
	fmt.Println(status, len(first.Items), first.Meta.NextToken != "")
	q.Set("pageToken", first.Meta.NextToken)
	status, _ = get(q)
	fmt.Println(status)
	status, second := get(q)
	fmt.Println(status, len(second.Items) > 0)
	fmt.Println(s.RequestCount(), "requests logged")
	// Output:
	// 200 20 true
	// 429
	// 200 true
	// 3 requests logged
}
