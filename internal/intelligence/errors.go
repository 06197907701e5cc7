package intelligence

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
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
		e.Message = "the API answered with a redirect to " + resp.Header.Get("Location") +
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

// RequestError is a request that got no usable response, after retries.
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
