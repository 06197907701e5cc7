package intelligence

import (
	"net/http"
	"testing"
	"time"
)

func TestServerWait(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		headers map[string]string
		want    time.Duration
		ok      bool
	}{
		{"none", nil, 0, false},
		{"retry-after seconds", map[string]string{"Retry-After": "3"}, 3 * time.Second, true},
		{"retry-after date", map[string]string{"Retry-After": now.Add(7 * time.Second).Format(http.TimeFormat)}, 7 * time.Second, true},
		{"retry-after wins", map[string]string{"Retry-After": "2", "X-RateLimit-Reset": "9"}, 2 * time.Second, true},
		{"reset seconds", map[string]string{"X-RateLimit-Reset": "4"}, 4 * time.Second, true},
		{"reset fraction", map[string]string{"X-RateLimit-Reset": "0.25"}, 250 * time.Millisecond, true},
		{"reset unix time", map[string]string{"X-RateLimit-Reset": "1795305605"}, 5 * time.Second, true},
		{"reset in the past", map[string]string{"X-RateLimit-Reset": "1795305500"}, 0, true},
		{"capped", map[string]string{"Retry-After": "86400"}, maxServerWait, true},
		{"garbage", map[string]string{"Retry-After": "soon", "X-RateLimit-Reset": "later"}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.headers {
				h.Set(k, v)
			}
			got, ok := serverWait(h, now)
			if got != tc.want || ok != tc.ok {
				t.Errorf("serverWait = %s, %v; want %s, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestBackoffIsExponentialWithJitterAndBounded(t *testing.T) {
	minWait, maxWait := 100*time.Millisecond, 2*time.Second
	for attempt := range 8 {
		step := min(minWait<<attempt, maxWait)
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(minWait, maxWait, attempt, nil)
			if d < step/2 || d > step {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, d, step/2, step)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("attempt %d: only %d distinct waits in 200 tries: no jitter", attempt, len(seen))
		}
	}
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}
	if d := backoff(minWait, maxWait, 0, resp); d != time.Second {
		t.Errorf("429 with Retry-After: 1 waited %s, want 1s", d)
	}
	resp.StatusCode = http.StatusInternalServerError
	if d := backoff(minWait, maxWait, 0, resp); d > minWait {
		t.Errorf("a 500 honoured Retry-After (%s); only 429 and 503 carry it", d)
	}
}
