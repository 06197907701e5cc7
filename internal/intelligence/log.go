package intelligence

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// loggingTransport writes one debug line per request and per response through tflog, so
// TF_LOG=DEBUG shows every attempt, retries included. Bodies are never logged: they hold
// conversation text, which is personal data.
type loggingTransport struct {
	next http.RoundTripper
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !tflog.IsDebug(ctx) {
		return t.next.RoundTrip(req)
	}
	tflog.Debug(ctx, "Sending HTTP request to the Intelligence API", map[string]any{
		"http.method":          req.Method,
		"http.url":             req.URL.String(),
		"http.request.headers": loggableHeaders(req.Header),
	})
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields := map[string]any{
		"http.method":      req.Method,
		"http.url":         req.URL.String(),
		"http.duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
		tflog.Debug(ctx, "HTTP request to the Intelligence API failed", fields)
		return nil, err
	}
	fields["http.status_code"] = resp.StatusCode
	fields["http.response.content_length"] = resp.ContentLength
	fields["http.response.headers"] = loggableHeaders(resp.Header)
	tflog.Debug(ctx, "Received HTTP response from the Intelligence API", fields)
	return resp, nil
}

// loggableHeaders flattens headers for a log line with the credentials replaced.
func loggableHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		if name == "Authorization" || name == "Proxy-Authorization" || name == "Cookie" || name == "Set-Cookie" {
			out[name] = "[REDACTED]"
			continue
		}
		if len(values) == 1 {
			out[name] = values[0]
		} else {
			out[name] = fmt.Sprint(values)
		}
	}
	return out
}

// retryLogger routes go-retryablehttp's own messages (which attempt, how long it waits)
// to tflog under the request's context, which carries the secret masks.
type retryLogger struct{ ctx context.Context }

func (l retryLogger) Error(msg string, kv ...any) { tflog.Warn(l.ctx, msg, fields(kv)) }
func (l retryLogger) Info(msg string, kv ...any)  { tflog.Info(l.ctx, msg, fields(kv)) }
func (l retryLogger) Debug(msg string, kv ...any) { tflog.Debug(l.ctx, msg, fields(kv)) }
func (l retryLogger) Warn(msg string, kv ...any)  { tflog.Warn(l.ctx, msg, fields(kv)) }

func fields(kv []any) map[string]any {
	out := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		v := kv[i+1]
		if err, ok := v.(error); ok {
			v = err.Error()
		}
		out[fmt.Sprint(kv[i])] = v
	}
	return out
}
