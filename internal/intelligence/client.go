// Package intelligence is a small client for the read operations of Twilio's
// Conversational Intelligence API v3: conversations, operator results, Language Operators
// and their versions, and Intelligence Configurations. It owns everything about HTTP:
// authentication, retries, paging, date-window splitting and error decoding, and returns
// typed errors, so the provider layer only maps values and writes the words.
package intelligence

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultBaseURL is the API root when neither a region, an edge nor a base URL is set.
const DefaultBaseURL = "https://intelligence.twilio.com"

// Defaults applied by New to zero Config fields.
const (
	DefaultMaxRetries     = 5
	DefaultMinRetryWait   = 500 * time.Millisecond
	DefaultMaxRetryWait   = 30 * time.Second
	DefaultRequestTimeout = 60 * time.Second
	DefaultWorkers        = 4
)

// RegionPattern and EdgePattern accept the DNS labels Twilio uses for regions (us1, ie1,
// au1) and edges (ashburn, dublin, sao-paulo). They are patterns rather than lists so a
// region Twilio adds later works without a provider release.
var (
	RegionPattern = regexp.MustCompile(`^[a-z]{2}[0-9]+$`)
	EdgePattern   = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
)

// Config is everything New needs. Zero values take the defaults above.
type Config struct {
	// BaseURL is the API root, for example DefaultBaseURL or BaseURLFor(region, edge).
	BaseURL string
	// Username and Password are the HTTP Basic credentials: an API key SID and its secret,
	// or an account SID and its auth token.
	Username string
	Password string
	// UserAgent is sent on every request.
	UserAgent string
	// MaxRetries bounds the retries of one request after 429, 5xx or a connection error;
	// 0 disables retries (DefaultMaxRetries is the provider's default).
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between retries.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// RequestTimeout bounds one attempt, from sending the request to reading the body.
	RequestTimeout time.Duration
	// Workers bounds how many date windows a long-range conversation list reads at once
	// (1 reads them one after another).
	Workers int
	// Transport replaces the default pooled transport (tests use it to inject failures).
	Transport http.RoundTripper
}

// Client calls the Intelligence API. It is safe for concurrent use.
type Client struct {
	base       *url.URL
	password   string
	authHeader string
	userAgent  string
	http       *http.Client
	maxRetries int
	waitMin    time.Duration
	waitMax    time.Duration
	workers    int
}

// New checks cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Username == "" || cfg.Password == "" {
		return nil, errors.New("intelligence: a username and a password are required")
	}
	transport := cfg.Transport
	if transport == nil {
		transport = cleanhttp.DefaultPooledTransport()
	}
	c := &Client{
		base:       base,
		password:   cfg.Password,
		authHeader: "Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.Username+":"+cfg.Password)),
		userAgent:  cfg.UserAgent,
		maxRetries: max(cfg.MaxRetries, 0),
		waitMin:    orDefault(cfg.RetryWaitMin, DefaultMinRetryWait),
		waitMax:    orDefault(cfg.RetryWaitMax, DefaultMaxRetryWait),
		workers:    max(orDefault(cfg.Workers, DefaultWorkers), 1),
		http: &http.Client{
			Transport: &loggingTransport{next: transport},
			Timeout:   orDefault(cfg.RequestTimeout, DefaultRequestTimeout),
			// The API does not redirect; following a redirect could carry the
			// credentials to another host, so the 3xx comes back as an error instead.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	if c.waitMax < c.waitMin {
		c.waitMax = c.waitMin
	}
	return c, nil
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// defaultEdges is the edge Twilio's helper libraries (twilio-go, twilio-java) fill in for a
// region given without one. Twilio retired the {product}.{region}.twilio.com hosts on
// 2026-04-28, so a region is only reachable through one of its edges.
var defaultEdges = map[string]string{
	"au1": "sydney",
	"br1": "sao-paulo",
	"de1": "frankfurt",
	"ie1": "dublin",
	"jp1": "tokyo",
	"jp2": "osaka",
	"sg1": "singapore",
	"us1": "ashburn",
	"us2": "umatilla",
}

// DefaultEdges returns a copy of the region -> default edge table that BaseURLFor uses.
func DefaultEdges() map[string]string {
	return maps.Clone(defaultEdges)
}

// NoDefaultEdgeError is a region given without an edge when the region has no default edge:
// there is no host to send its requests to.
type NoDefaultEdgeError struct {
	Region string
}

func (e *NoDefaultEdgeError) Error() string {
	return fmt.Sprintf("region %q has no default edge: an edge is required", e.Region)
}

// BaseURLFor builds the API root for a Twilio region and edge as Twilio's helper libraries
// do: https://intelligence.{edge}.{region}.twilio.com, where an edge without a region
// implies us1 and a region without an edge uses its default edge (DefaultEdges). Neither
// is the global DefaultBaseURL. A region without an edge and without a default edge is a
// *NoDefaultEdgeError.
func BaseURLFor(region, edge string) (string, error) {
	switch {
	case region == "" && edge == "":
		return DefaultBaseURL, nil
	case region == "":
		region = "us1"
	case edge == "":
		var ok bool
		if edge, ok = defaultEdges[region]; !ok {
			return "", &NoDefaultEdgeError{Region: region}
		}
	}
	return "https://intelligence." + edge + "." + region + ".twilio.com", nil
}

// ErrCredentialsInBaseURL is a base URL with userinfo: credentials have their own
// settings, and a URL is quoted in errors and logs.
var ErrCredentialsInBaseURL = errors.New("the base URL must not contain credentials")

// ParseBaseURL accepts an absolute https URL, or an http URL whose host is a loopback
// address (127.0.0.0/8, ::1, localhost) so that tests and local stubs work without ever
// allowing credentials to travel in clear text over a network.
func ParseBaseURL(raw string) (*url.URL, error) {
	// Errors quote the URL only once it is known to carry no userinfo, which could be a
	// password.
	u, err := url.Parse(raw)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, fmt.Errorf("the base URL is not a valid URL: %w", err)
	}
	if u.User != nil {
		return nil, ErrCredentialsInBaseURL
	}
	shown := redactURL(u) // a query's values could be anything: they are not repeated
	if u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("%q is not an absolute URL: expected https://host[:port][/path]", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q must not contain a query or a fragment", shown)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("%q uses http, which is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); use https", shown)
		}
	default:
		return nil, fmt.Errorf("%q has scheme %q: expected https (or http for a loopback host)", shown, u.Scheme)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback IP address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// endpoint is the URL of a path under the API root, each segment escaped on its own so
// that no value can become another path.
func (c *Client) endpoint(segments ...string) *url.URL {
	u := *c.base
	escaped := make([]string, len(segments))
	for i, s := range segments {
		escaped[i] = url.PathEscape(s)
	}
	u.Path = c.base.Path + "/" + strings.Join(segments, "/")
	u.RawPath = c.base.EscapedPath() + "/" + strings.Join(escaped, "/")
	return &u
}

// logContext returns ctx with every secret of this client masked, so that no log line
// written while serving a request, by this package or by go-retryablehttp, can carry them.
func (c *Client) logContext(ctx context.Context) context.Context {
	return tflog.MaskLogStrings(ctx, c.authHeader, strings.TrimPrefix(c.authHeader, "Basic "), c.password)
}
