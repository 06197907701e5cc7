package intelligence

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrNotFound matches (with errors.Is) an APIError for HTTP 404.
var ErrNotFound = errors.New("not found")

// APIError is an error status from the API, with the fields of its v1 error body when the
// body was one. Body holds an excerpt of any other body, such as a proxy's HTML page.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Code       int
	Message    string
	UserError  *bool
	Params     map[string]string
	Body       string
	// Attempts is how many times the request was sent, retries included.
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != 0 {
		fmt.Fprintf(&b, " (Twilio error %d)", e.Code)
	}
	switch {
	case e.Message != "":
		b.WriteString(": " + e.Message)
	case e.Body != "":
		b.WriteString(": unexpected body: " + e.Body)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// DocsURL is Twilio's page for the error's code, or "" when the body carried none.
func (e *APIError) DocsURL() string {
	if e.Code == 0 {
		return ""
	}
	return "https://www.twilio.com/docs/errors/" + strconv.Itoa(e.Code)
}

// Is makes errors.Is(err, ErrNotFound) true for a 404.
func (e *APIError) Is(target error) bool {
	return target == ErrNotFound && e.StatusCode == http.StatusNotFound
}

// newAPIError reads the (bounded) body of an error response. It never fails: a body that
// is not the v1 error JSON is kept as an excerpt.
func newAPIError(req *http.Request, resp *http.Response) *APIError {
	e := &APIError{Method: req.Method, Path: req.URL.Path, StatusCode: resp.StatusCode, Attempts: 1}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		e.Message = "the API answered with a redirect to " + redactRawURL(resp.Header.Get("Location")) +
			", which is refused so that credentials never go to another host"
		return e
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	var v1 ErrorBody
	if err := json.Unmarshal(body, &v1); err == nil && (v1.Message != "" || v1.Code != 0) {
		e.Code, e.Message, e.UserError, e.Params = v1.Code, v1.Message, v1.UserError, v1.Params
		return e
	}
	e.Body = excerpt(body)
	return e
}

// DecodeError is a success status whose body is not the response the spec describes.
type DecodeError struct {
	Method      string
	Path        string
	StatusCode  int
	ContentType string
	Excerpt     string
	Err         error
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d with an unexpected body: %v", e.Method, e.Path, e.StatusCode, e.Err)
	if e.Excerpt != "" {
		msg += fmt.Sprintf(" (content type %q, body starts %q)", e.ContentType, e.Excerpt)
	}
	return msg
}

func (e *DecodeError) Unwrap() error { return e.Err }

// RequestError is a request that got no usable response, after retries. URL and Err
// carry no query value (see redactURL).
type RequestError struct {
	Method   string
	URL      string
	Attempts int
	Err      error
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("%s %s failed after %d attempt(s): %v", e.Method, e.URL, e.Attempts, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// newRequestError wraps err, the last failure of req. net/http's *url.Error repeats the
// whole URL in its message, so its URL is replaced by the redacted one.
func newRequestError(req *http.Request, attempts int, err error) *RequestError {
	redacted := redactURL(req.URL)
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		urlErr.URL = redacted
	}
	return &RequestError{Method: req.Method, URL: redacted, Attempts: attempts, Err: err}
}

// redacted stands for a value that errors and logs leave out.
const redacted = "***"

// redactURL says where a request went without repeating what it asked for: the scheme,
// host and path, and the name of each query parameter with its value replaced by ***.
// Query values are the user's filters (a Call SID in channelId, operator and
// configuration ids, free text the API does not constrain) and the page token that
// encodes them: personal data that must not reach a log or an error that people paste
// into an issue. Ids in the path stay: a path segment is only ever an id that matched
// its spec pattern before the request was built (ValidateConversationID and its
// siblings), so it is an opaque identifier, never an address or free text, and it is
// what makes a failed fetch's line or error say which record failed (the not-found
// diagnostic names the id anyway). Userinfo and fragment are dropped too.
func redactURL(u *url.URL) string {
	var b strings.Builder
	b.WriteString((&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String())
	sep := "?"
	for pair := range strings.SplitSeq(u.RawQuery, "&") {
		name, _, _ := strings.Cut(pair, "=")
		if name == "" {
			continue
		}
		if unescaped, err := url.QueryUnescape(name); err == nil {
			name = unescaped
		}
		b.WriteString(sep + name + "=" + redacted)
		sep = "&"
	}
	return b.String()
}

// urlInText finds absolute http(s) URLs inside a message, up to a space or a quote.
var urlInText = regexp.MustCompile(`https?://[^\s"'<>]+`)

// redactURLsIn applies redactURL to every URL inside s, such as the quoted URL of a
// *url.Error or the one in go-retryablehttp's log lines.
func redactURLsIn(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	return urlInText.ReplaceAllStringFunc(s, redactRawURL)
}

// redactRawURL is redactURL for a URL not yet parsed, absolute or relative (a Location
// header may be either).
func redactRawURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		before, _, _ := strings.Cut(raw, "?")
		return before
	}
	return redactURL(u)
}

// excerpt keeps the start of a body, valid UTF-8 and on one line, for an error message.
func excerpt(body []byte) string {
	const limit = 200
	s := strings.ToValidUTF8(string(body[:min(len(body), limit+utf8.UTFMax)]), "")
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limit {
		s = s[:limit]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}
