package intelligence

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// maxServerWait caps how long a Retry-After or X-RateLimit-Reset header can make a retry
// wait, so a misconfigured proxy cannot stall a plan for hours; the context still bounds
// everything.
const maxServerWait = 5 * time.Minute

// checkRetry retries 429, 5xx (except 501) and failures of the connection itself, and
// nothing else: a 4xx other than 429 will fail the same way again, and so will a body
// that does not decode.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		var transient *transientError
		if errors.As(err, &transient) {
			return true, nil
		}
		var apiErr *APIError
		var decodeErr *DecodeError
		if errors.As(err, &apiErr) || errors.As(err, &decodeErr) {
			return false, err
		}
		return isRetryableTransportError(err), err
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return true, nil
	}
	return false, nil
}

// isRetryableTransportError reports whether a failure to get a response could succeed on
// a second try. Certificate problems and malformed URLs cannot.
func isRetryableTransportError(err error) bool {
	var verification *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return !errors.As(err, &verification) && !errors.As(err, &unknownAuthority) &&
		!errors.As(err, &hostname) && !errors.As(err, &invalid)
}

// backoff waits as long as the API asks (Retry-After, then X-RateLimit-Reset) and
// otherwise backs off exponentially with jitter, so that many clients throttled at the
// same moment do not all come back at the same moment.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := serverWait(resp.Header, time.Now()); ok {
			return d
		}
	}
	wait := minWait << min(attempt, 30)
	if wait <= 0 || wait > maxWait {
		wait = maxWait
	}
	// Equal jitter: at least half the exponential step, never more than the step.
	half := wait / 2
	return half + rand.N(half+1) //nolint:gosec // jitter spreads retries; it needs no unpredictability
}

// serverWait reads how long the server asked the client to wait.
func serverWait(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
			return clampWait(time.Duration(secs) * time.Second), true
		}
		if at, err := http.ParseTime(v); err == nil {
			return clampWait(at.Sub(now)), true
		}
	}
	if v := h.Get("X-RateLimit-Reset"); v != "" {
		if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 {
			// Read as seconds until the limit resets; a value this large can only be a
			// Unix time, which some gateways send instead.
			if n > 1e9 {
				return clampWait(time.Unix(int64(n), 0).Sub(now)), true
			}
			return clampWait(time.Duration(n * float64(time.Second))), true
		}
	}
	return 0, false
}

func clampWait(d time.Duration) time.Duration {
	return min(max(d, 0), maxServerWait)
}
