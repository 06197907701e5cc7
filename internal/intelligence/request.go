package intelligence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/hashicorp/go-retryablehttp"
)

// Bounds on how much of a response body is read: a page of 1000 conversations is about
// 1 MB, so a success body past maxBodyBytes means something other than the API answered.
// Error bodies are only shown to people, so a short excerpt is enough.
const (
	maxBodyBytes      = 64 << 20
	maxErrorBodyBytes = 64 << 10
)

var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// body is a successful response's body with what an error about it needs to say. Its
// buffer comes from a pool: release it once nothing refers to its bytes any more.
type body struct {
	buf         *bytes.Buffer
	method      string
	path        string
	status      int
	contentType string
}

func (b *body) bytes() []byte { return b.buf.Bytes() }

func (b *body) release() {
	if b == nil || b.buf == nil {
		return
	}
	if b.buf.Cap() <= maxBodyBytes/8 {
		b.buf.Reset()
		bodyPool.Put(b.buf)
	}
	b.buf = nil
}

// decodeError says that the body is not what the spec describes. A body that is not
// JSON (a proxy's or a gateway's page) is quoted to show who answered; JSON is not, since
// it may be the API's own answer with names, addresses or transcript text in it.
func (b *body) decodeError(err error) *DecodeError {
	e := &DecodeError{Method: b.method, Path: b.path, StatusCode: b.status, ContentType: b.contentType, Err: err}
	if trimmed := bytes.TrimLeft(b.bytes(), " \t\r\n"); len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		e.Excerpt = excerpt(b.bytes())
	}
	return e
}

// get sends one GET with retries and decodes the body with decode, which must not keep
// references into the bytes it is given (decoding into structs copies strings).
func (c *Client) get(ctx context.Context, u *url.URL, decode func([]byte) error) error {
	b, err := c.fetch(ctx, u)
	if err != nil {
		return err
	}
	defer b.release()
	if err := decode(b.bytes()); err != nil {
		return b.decodeError(err)
	}
	return nil
}

// fetch sends one GET with retries and returns the whole body of a 2xx answer.
func (c *Client) fetch(ctx context.Context, u *url.URL) (*body, error) {
	ctx = c.logContext(ctx)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", c.authHeader)
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	var got *body
	// The handler runs inside the retry loop, so a connection that drops while the body
	// is read is retried like one that drops before the headers.
	req.SetResponseHandler(func(resp *http.Response) error {
		defer resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return newAPIError(req.Request, resp)
		}
		b, err := readBody(ctx, req.Request, resp)
		if err != nil {
			return err
		}
		got = b
		return nil
	})

	rc := &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       retryLogger{ctx},
		RetryWaitMin: c.waitMin,
		RetryWaitMax: c.waitMax,
		RetryMax:     c.maxRetries,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		ErrorHandler: func(resp *http.Response, err error, attempts int) (*http.Response, error) {
			return nil, finalError(req.Request, resp, err, attempts)
		},
	}
	resp, err := rc.Do(req)
	if resp != nil {
		resp.Body.Close()
	}
	if err != nil {
		got.release()
		if ctx.Err() != nil {
			// Whatever the transport made of the cancellation, the caller asked for it.
			return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, context.Cause(ctx))
		}
		return nil, err
	}
	return got, nil
}

func readBody(ctx context.Context, req *http.Request, resp *http.Response) (*body, error) {
	buf, _ := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	b := &body{buf: buf, method: req.Method, path: req.URL.Path, status: resp.StatusCode,
		contentType: resp.Header.Get("Content-Type")}
	if resp.ContentLength > 0 && resp.ContentLength <= maxBodyBytes {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		b.release()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &transientError{err: fmt.Errorf("reading the response body: %w", err)}
	}
	if n > maxBodyBytes {
		b.release()
		return nil, &DecodeError{Method: req.Method, Path: req.URL.Path, StatusCode: resp.StatusCode,
			Err: fmt.Errorf("the body is larger than %d MiB", maxBodyBytes>>20)}
	}
	return b, nil
}

// finalError turns what go-retryablehttp gives up with into one of this package's errors,
// recording how many attempts were made.
func finalError(req *http.Request, resp *http.Response, err error, attempts int) error {
	if err == nil && resp != nil {
		// A retryable status that was still failing when the retries ran out.
		err = newAPIError(req, resp)
		resp.Body.Close()
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Attempts = attempts
		return apiErr
	}
	var decodeErr *DecodeError
	if errors.As(err, &decodeErr) {
		return decodeErr
	}
	if err == nil {
		err = errors.New("no response")
	}
	return newRequestError(req, attempts, err)
}

// transientError marks a failure that a retry may cure, such as a connection dropped
// while the body was being read.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }
