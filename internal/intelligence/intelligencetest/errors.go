package intelligencetest

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

// apiError is a response the server refuses with. It becomes the v1 error body every
// Intelligence v3 error uses.
type apiError struct {
	status  int
	message string
	param   string // the query or path parameter at fault, if any
}

func (e *apiError) Error() string { return e.message }

// badParam is the 400 for a parameter the API would refuse. The message names the
// parameter first so that it is what a user sees in a Terraform diagnostic.
func badParam(param, format string, args ...any) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		message: fmt.Sprintf("Invalid parameter '%s': %s", param, fmt.Sprintf(format, args...)),
		param:   param,
	}
}

// twilioCode maps a status to a Twilio-style error code. Twilio's real codes for this API
// are not documented per status; these follow the 20xxx REST conventions (20001 invalid
// parameter, 20003 authentication, 20004 method not allowed, 20404 not found...).
func twilioCode(status int) int {
	switch status {
	case http.StatusBadRequest:
		return 20001
	case http.StatusUnauthorized:
		return 20003
	case http.StatusMethodNotAllowed:
		return 20004
	default:
		return 20000 + status
	}
}

// defaultMessage is what an error says when nothing more specific is known.
func defaultMessage(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "Bad request"
	case http.StatusUnauthorized:
		return "Authentication Error - invalid credentials"
	case http.StatusForbidden:
		return "Forbidden: these credentials may not use Conversational Intelligence"
	case http.StatusNotFound:
		return "The requested resource was not found"
	case http.StatusTooManyRequests:
		return "Too Many Requests: rate limit exceeded"
	default:
		if text := http.StatusText(status); text != "" {
			return text
		}
		return "HTTP " + strconv.Itoa(status)
	}
}

// errorResponse renders e as the v1 error body.
func errorResponse(e *apiError) response {
	code := twilioCode(e.status)
	userError := e.status < 500
	body := intelligence.ErrorBody{
		Code:           code,
		Message:        e.message,
		HTTPStatusCode: e.status,
		UserError:      &userError,
		Params:         map[string]string{"twilioErrorCodeUrl": "https://www.twilio.com/docs/errors/" + strconv.Itoa(code)},
	}
	if e.param != "" {
		body.Params["parameter"] = e.param
	}
	b, err := marshal(body)
	if err != nil { // cannot happen for this type; keep the status honest anyway
		b = []byte(`{"code":20500,"message":"error encoding failed","httpStatusCode":500}`)
	}
	return response{status: e.status, contentType: jsonType, body: b}
}

// statusError is the v1 error body for status with its default message.
func statusError(status int) response {
	return errorResponse(&apiError{status: status, message: defaultMessage(status)})
}
