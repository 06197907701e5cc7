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

// get sends one GET with retries and hands a successful body to decode. The body buffer
// is reused after decode returns, so decode must not keep references into it
// (encoding/json copies strings, so decoding into structs is fine).
func (c *Client) get(ctx context.Context, u *url.URL, decode func([]byte) error) error {
	ctx = c.logContext(ctx)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", c.authHeader)
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	// The handler runs inside the retry loop, so a connection that drops while the body
	// is read is retried like one that drops before the headers.
	req.SetResponseHandler(func(resp *http.Response) error {
		defer resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return newAPIError(req.Request, resp)
		}
		return readAndDecode(ctx, req.Request, resp, decode)
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
	if err != nil && ctx.Err() != nil {
		// Whatever the transport made of the cancellation, the caller asked for it.
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, context.Cause(ctx))
	}
	return err
}

func readAndDecode(ctx context.Context, req *http.Request, resp *http.Response, decode func([]byte) error) error {
	buf := bodyPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxBodyBytes/8 {
			buf.Reset()
			bodyPool.Put(buf)
		}
	}()
	buf.Reset()
	if resp.ContentLength > 0 && resp.ContentLength <= maxBodyBytes {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &transientError{err: fmt.Errorf("reading the response body: %w", err)}
	}
	if n > maxBodyBytes {
		return &DecodeError{Method: req.Method, Path: req.URL.Path, StatusCode: resp.StatusCode,
			Err: fmt.Errorf("the body is larger than %d MiB", maxBodyBytes>>20)}
	}
	if err := decode(buf.Bytes()); err != nil {
		return &DecodeError{Method: req.Method, Path: req.URL.Path, StatusCode: resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"), Excerpt: excerpt(buf.Bytes()), Err: err}
	}
	return nil
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
