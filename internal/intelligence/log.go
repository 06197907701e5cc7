package intelligence

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Field names of HashiCorp's HTTP logging (terraform-plugin-sdk's helper/logging), so
// that whatever reads provider logs finds this provider's requests where it finds other
// providers'. Headers are fields of their own, named as sent.
const (
	logOpType      = "tf_http_op_type" // "request" or "response"
	logReqMethod   = "tf_http_req_method"
	logReqURI      = "tf_http_req_uri" // the absolute URL, redacted: see redactURL
	logResStatus   = "tf_http_res_status_code"
	logResReason   = "tf_http_res_status_reason"
	logTransID     = "tf_http_trans_id"
	logDurationMS  = "duration_ms"
	logError       = "error"
	opHTTPRequest  = "request"
	opHTTPResponse = "response"
)

// loggingTransport writes one debug line per request and one per response (or failure)
// through tflog, so TF_LOG=DEBUG shows every attempt, retries included. The two lines of
// one attempt share a tf_http_trans_id: the date windows of a long list run at once, so
// their lines interleave. The URI keeps the path and the query's parameter names, never
// their values (redactURL). Bodies are never logged: they hold conversation text, which
// is personal data.
type loggingTransport struct {
	next http.RoundTripper
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !tflog.IsDebug(ctx) {
		return t.next.RoundTrip(req)
	}
	ctx = tflog.SetField(ctx, logTransID, rand.Text())
	uri := redactURL(req.URL)
	fields := map[string]any{logOpType: opHTTPRequest, logReqMethod: req.Method, logReqURI: uri}
	addHeaderFields(fields, req.Header)
	tflog.Debug(ctx, "Sending HTTP request to the Intelligence API", fields)

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields = map[string]any{
		logOpType:     opHTTPResponse,
		logReqMethod:  req.Method,
		logReqURI:     uri,
		logDurationMS: time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields[logError] = redactURLsIn(err.Error())
		tflog.Debug(ctx, "HTTP request to the Intelligence API failed", fields)
		return nil, err
	}
	fields[logResStatus] = resp.StatusCode
	fields[logResReason] = resp.Status
	addHeaderFields(fields, resp.Header)
	tflog.Debug(ctx, "Received HTTP response from the Intelligence API", fields)
	return resp, nil
}

// addHeaderFields adds each header as a field, with credentials replaced and URLs (a
// redirect's Location) redacted like the request's.
func addHeaderFields(fields map[string]any, h http.Header) {
	for name, values := range h {
		var v string
		if len(values) == 1 {
			v = values[0]
		} else {
			v = fmt.Sprint(values)
		}
		switch name {
		case "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie":
			v = "[REDACTED]"
		case "Location", "Content-Location":
			v = redactRawURL(v)
		}
		if _, taken := fields[name]; !taken {
			fields[name] = v
		}
	}
}

// retryLogger routes go-retryablehttp's own messages (which attempt, how long it waits)
// to tflog under the request's context, which carries the secret masks. Its lines name
// the request's URL ("url", "request") and its errors quote it, so every value is
// redacted like the transport's lines.
type retryLogger struct{ ctx context.Context }

func (l retryLogger) Error(msg string, kv ...any) { tflog.Warn(l.ctx, msg, fields(kv)) }
func (l retryLogger) Info(msg string, kv ...any)  { tflog.Info(l.ctx, msg, fields(kv)) }
func (l retryLogger) Debug(msg string, kv ...any) { tflog.Debug(l.ctx, msg, fields(kv)) }
func (l retryLogger) Warn(msg string, kv ...any)  { tflog.Warn(l.ctx, msg, fields(kv)) }

func fields(kv []any) map[string]any {
	out := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		v := kv[i+1]
		switch x := v.(type) {
		case *url.URL:
			v = redactURL(x)
		case error:
			v = redactURLsIn(x.Error())
		case string:
			v = redactURLsIn(x)
		case fmt.Stringer:
			v = redactURLsIn(x.String())
		}
		out[fmt.Sprint(kv[i])] = v
	}
	return out
}
