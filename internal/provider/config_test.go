package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence"
)

const (
	testAccountSID = "AC0123456789abcdef0123456789abcdef"
	testAuthToken  = "token-0123456789"
	testAPIKey     = "SK0123456789abcdef0123456789abcdef"
	testAPISecret  = "secret-0123456789"
)

func nullConfig() providerModel {
	return providerModel{
		AccountSID: types.StringNull(), AuthToken: types.StringNull(),
		APIKey: types.StringNull(), APISecret: types.StringNull(),
		Region: types.StringNull(), Edge: types.StringNull(), BaseURL: types.StringNull(),
		MaxRetries: types.Int64Null(),
	}
}

func TestResolveSettingsSources(t *testing.T) {
	for _, tc := range []struct {
		name       string
		config     func(*providerModel)
		env        map[string]string
		wantUser   string
		wantPass   string
		wantURL    string
		wantMethod string
		wantRetry  int
	}{
		{
			name: "auth token from the block",
			config: func(m *providerModel) {
				m.AccountSID, m.AuthToken = types.StringValue(testAccountSID), types.StringValue(testAuthToken)
			},
			wantUser: testAccountSID, wantPass: testAuthToken, wantMethod: "auth_token",
		},
		{
			name:     "auth token from the environment",
			env:      map[string]string{"TWILIO_ACCOUNT_SID": testAccountSID, "TWILIO_AUTH_TOKEN": testAuthToken},
			wantUser: testAccountSID, wantPass: testAuthToken, wantMethod: "auth_token",
		},
		{
			name:     "api key from the environment",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key",
		},
		{
			name: "api key preferred over auth token",
			env: map[string]string{"TWILIO_ACCOUNT_SID": testAccountSID, "TWILIO_AUTH_TOKEN": testAuthToken,
				"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key",
		},
		{
			name:     "account sid alone is fine beside an api key",
			env:      map[string]string{"TWILIO_ACCOUNT_SID": testAccountSID, "TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key",
		},
		{
			name: "block wins over the environment",
			config: func(m *providerModel) {
				m.AccountSID, m.AuthToken = types.StringValue(testAccountSID), types.StringValue("from-block")
				m.Region, m.MaxRetries = types.StringValue("au1"), types.Int64Value(2)
			},
			env: map[string]string{"TWILIO_ACCOUNT_SID": "AC" + strings.Repeat("f", 32), "TWILIO_AUTH_TOKEN": "from-env",
				"TWILIO_REGION": "ie1", "TWILIO_MAX_RETRIES": "9"},
			wantUser: testAccountSID, wantPass: "from-block", wantMethod: "auth_token",
			wantURL: "https://intelligence.sydney.au1.twilio.com", wantRetry: 2,
		},
		{
			name:     "region from the environment uses its default edge",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_REGION": "ie1"},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key", wantURL: "https://intelligence.dublin.ie1.twilio.com",
		},
		{
			name:     "us1 alone reaches ashburn, as Twilio's libraries do",
			config:   func(m *providerModel) { m.Region = types.StringValue("us1") },
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key", wantURL: "https://intelligence.ashburn.us1.twilio.com",
		},
		{
			name:     "region without a default edge is fine with an edge",
			config:   func(m *providerModel) { m.Region, m.Edge = types.StringValue("xx9"), types.StringValue("somewhere") },
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key", wantURL: "https://intelligence.somewhere.xx9.twilio.com",
		},
		{
			name:     "base url makes a region without a default edge harmless",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_REGION": "xx9", "TWILIO_INTELLIGENCE_BASE_URL": "http://127.0.0.1:8080"},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key", wantURL: "http://127.0.0.1:8080",
		},
		{
			name:     "edge alone implies us1",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_EDGE": "ashburn"},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key", wantURL: "https://intelligence.ashburn.us1.twilio.com",
		},
		{
			name:     "region and edge",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_REGION": "ie1", "TWILIO_EDGE": "dublin"},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key", wantURL: "https://intelligence.dublin.ie1.twilio.com",
		},
		{
			name:     "base url from the environment",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_INTELLIGENCE_BASE_URL": "http://127.0.0.1:8080"},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key", wantURL: "http://127.0.0.1:8080",
		},
		{
			name:     "max retries from the environment",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_MAX_RETRIES": "0"},
			wantUser: testAPIKey, wantPass: testAPISecret, wantMethod: "api_key", wantRetry: 0,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			config := nullConfig()
			if tc.config != nil {
				tc.config(&config)
			}
			s, diags := resolveSettings(config)
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			wantURL := tc.wantURL
			if wantURL == "" {
				wantURL = intelligence.DefaultBaseURL
			}
			wantRetry := tc.wantRetry
			if _, set := tc.env["TWILIO_MAX_RETRIES"]; !set && tc.wantRetry == 0 {
				wantRetry = intelligence.DefaultMaxRetries
			}
			if s.username != tc.wantUser || s.password != tc.wantPass || s.authMethod != tc.wantMethod ||
				s.baseURL != wantURL || s.maxRetries != wantRetry {
				t.Errorf("got user %q pass %q method %q url %q retries %d; want %q %q %q %q %d",
					s.username, s.password, s.authMethod, s.baseURL, s.maxRetries,
					tc.wantUser, tc.wantPass, tc.wantMethod, wantURL, wantRetry)
			}
		})
	}
}

func TestResolveSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		config   func(*providerModel)
		env      map[string]string
		wantPath string // "" for an error not tied to an attribute
		wantText []string
	}{
		{
			name:     "no credentials",
			wantText: []string{"Missing Twilio credentials", "TWILIO_API_KEY and TWILIO_API_SECRET", "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"},
		},
		{
			name: "api key without secret", env: map[string]string{"TWILIO_API_KEY": testAPIKey},
			wantPath: "api_secret", wantText: []string{"api_key is set", "TWILIO_API_SECRET"},
		},
		{
			name:     "api secret without key",
			config:   func(m *providerModel) { m.APISecret = types.StringValue(testAPISecret) },
			wantPath: "api_key", wantText: []string{"api_secret is set", "TWILIO_API_KEY"},
		},
		{
			name:     "half api pair is not hidden by a full account pair",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_ACCOUNT_SID": testAccountSID, "TWILIO_AUTH_TOKEN": testAuthToken},
			wantPath: "api_secret", wantText: []string{"TWILIO_API_SECRET"},
		},
		{
			name: "account sid without token", env: map[string]string{"TWILIO_ACCOUNT_SID": testAccountSID},
			wantPath: "auth_token", wantText: []string{"account_sid is set", "TWILIO_AUTH_TOKEN"},
		},
		{
			name: "token without account sid", env: map[string]string{"TWILIO_AUTH_TOKEN": testAuthToken},
			wantPath: "account_sid", wantText: []string{"auth_token is set", "TWILIO_ACCOUNT_SID"},
		},
		{
			name: "bad account sid in the environment", env: map[string]string{"TWILIO_ACCOUNT_SID": "AC123", "TWILIO_AUTH_TOKEN": testAuthToken},
			wantPath: "account_sid", wantText: []string{"TWILIO_ACCOUNT_SID", "AC followed by 32 hexadecimal"},
		},
		{
			name: "bad api key in the environment", env: map[string]string{"TWILIO_API_KEY": "AK123", "TWILIO_API_SECRET": testAPISecret},
			wantPath: "api_key", wantText: []string{"TWILIO_API_KEY", "SK followed by 32 hexadecimal"},
		},
		{
			name: "bad region in the environment", env: map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_REGION": "IE1"},
			wantPath: "region", wantText: []string{"TWILIO_REGION"},
		},
		{
			name: "bad edge in the environment", env: map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_EDGE": "dub lin"},
			wantPath: "edge", wantText: []string{"TWILIO_EDGE"},
		},
		{
			name:     "region without a default edge in the block",
			config:   func(m *providerModel) { m.Region = types.StringValue("xx9") },
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret},
			wantPath: "region", wantText: []string{`region = "xx9"`, "no default edge", "Set edge", "TWILIO_EDGE", "ie1 (dublin)"},
		},
		{
			name:     "region without a default edge in the environment",
			env:      map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_REGION": "xx9"},
			wantPath: "region", wantText: []string{`TWILIO_REGION environment variable`, `"xx9"`, "no default edge", "Set edge", "TWILIO_EDGE"},
		},
		{
			name: "http base url to a remote host", env: map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_INTELLIGENCE_BASE_URL": "http://example.com"},
			wantPath: "base_url", wantText: []string{"TWILIO_INTELLIGENCE_BASE_URL", "only allowed for loopback"},
		},
		{
			name: "bad max retries in the environment", env: map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_MAX_RETRIES": "many"},
			wantPath: "max_retries", wantText: []string{"TWILIO_MAX_RETRIES", "between 0 and 20"},
		},
		{
			name: "max retries over the limit", env: map[string]string{"TWILIO_API_KEY": testAPIKey, "TWILIO_API_SECRET": testAPISecret, "TWILIO_MAX_RETRIES": "21"},
			wantPath: "max_retries", wantText: []string{"between 0 and 20"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			config := nullConfig()
			if tc.config != nil {
				tc.config(&config)
			}
			_, diags := resolveSettings(config)
			assertOneError(t, diags, tc.wantPath, tc.wantText...)
		})
	}
}

func TestResolveSettingsUnknownValues(t *testing.T) {
	for name := range envVars {
		t.Run(name, func(t *testing.T) {
			t.Setenv("TWILIO_API_KEY", testAPIKey)
			t.Setenv("TWILIO_API_SECRET", testAPISecret)
			config := nullConfig()
			switch name {
			case attrAccountSID:
				config.AccountSID = types.StringUnknown()
			case attrAuthToken:
				config.AuthToken = types.StringUnknown()
			case attrAPIKey:
				config.APIKey = types.StringUnknown()
			case attrAPISecret:
				config.APISecret = types.StringUnknown()
			case attrRegion:
				config.Region = types.StringUnknown()
			case attrEdge:
				config.Edge = types.StringUnknown()
			case attrBaseURL:
				config.BaseURL = types.StringUnknown()
			case attrMaxRetries:
				config.MaxRetries = types.Int64Unknown()
			}
			_, diags := resolveSettings(config)
			assertOneError(t, diags, name, "known at plan time", envVars[name])
		})
	}
}

func TestResolveSettingsBaseURLWinsWithWarning(t *testing.T) {
	t.Setenv("TWILIO_API_KEY", testAPIKey)
	t.Setenv("TWILIO_API_SECRET", testAPISecret)
	t.Setenv("TWILIO_REGION", "ie1")
	config := nullConfig()
	config.BaseURL = types.StringValue("http://localhost:9999")
	s, diags := resolveSettings(config)
	if diags.HasError() || s.baseURL != "http://localhost:9999" {
		t.Fatalf("base url %q, diags %v", s.baseURL, diags)
	}
	warnings := diags.Warnings()
	if len(warnings) != 1 || !strings.Contains(warnings[0].Detail(), `region "ie1"`) {
		t.Errorf("want one warning that region is ignored, got %v", warnings)
	}
}

func TestResolveSettingsNeverEchoesSecrets(t *testing.T) {
	t.Setenv("TWILIO_API_SECRET", testAPISecret)
	t.Setenv("TWILIO_AUTH_TOKEN", testAuthToken)
	t.Setenv("TWILIO_INTELLIGENCE_BASE_URL", "https://user:"+testAPISecret+"@example.com")
	_, diags := resolveSettings(nullConfig())
	if !diags.HasError() {
		t.Fatal("expected errors")
	}
	for _, d := range diags {
		for _, secret := range []string{testAPISecret, testAuthToken} {
			if strings.Contains(d.Summary()+d.Detail(), secret) {
				t.Errorf("diagnostic repeats a secret: %s: %s", d.Summary(), d.Detail())
			}
		}
	}
}

func TestUserAgent(t *testing.T) {
	if got := userAgent("1.2.3", "1.8.5"); got != "terraform-provider-twilio/1.2.3 Terraform/1.8.5" {
		t.Errorf("userAgent = %q", got)
	}
	if got := userAgent("dev", ""); got != "terraform-provider-twilio/dev" {
		t.Errorf("userAgent without a Terraform version = %q", got)
	}
}

// assertOneError checks that diags hold exactly one error, on wantPath (or on no
// attribute when wantPath is ""), whose summary and detail contain every wantText.
func assertOneError(t *testing.T, diags diag.Diagnostics, wantPath string, wantText ...string) {
	t.Helper()
	errs := diags.Errors()
	if len(errs) != 1 {
		t.Fatalf("want exactly one error, got %d: %v", len(errs), diags)
	}
	d := errs[0]
	withPath, hasPath := d.(diag.DiagnosticWithPath)
	switch {
	case wantPath == "" && hasPath:
		t.Errorf("error is tied to %s, want no attribute", withPath.Path())
	case wantPath != "" && (!hasPath || !withPath.Path().Equal(path.Root(wantPath))):
		t.Errorf("error is not tied to %s: %v", wantPath, d)
	}
	text := d.Summary() + "\n" + d.Detail()
	for _, want := range wantText {
		if !strings.Contains(text, want) {
			t.Errorf("error does not mention %q:\n%s", want, text)
		}
	}
}
