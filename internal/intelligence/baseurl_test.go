package intelligence

import (
	"strings"
	"testing"
)

func TestBaseURLFor(t *testing.T) {
	for _, tc := range []struct{ region, edge, want string }{
		{"", "", "https://intelligence.twilio.com"},
		{"ie1", "", "https://intelligence.ie1.twilio.com"},
		{"", "sydney", "https://intelligence.sydney.us1.twilio.com"},
		{"au1", "sydney", "https://intelligence.sydney.au1.twilio.com"},
	} {
		if got := BaseURLFor(tc.region, tc.edge); got != tc.want {
			t.Errorf("BaseURLFor(%q, %q) = %q, want %q", tc.region, tc.edge, got, tc.want)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	for _, tc := range []struct {
		raw     string
		wantErr string // "" means accepted
	}{
		{"https://intelligence.twilio.com", ""},
		{"https://intelligence.twilio.com/", ""},
		{"https://stub.example.com/prefix/", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://127.1.2.3", ""},
		{"http://[::1]:9000", ""},
		{"http://localhost:9000", ""},
		{"http://LOCALHOST", ""},
		{"http://intelligence.twilio.com", "only allowed for loopback"},
		{"http://10.0.0.1", "only allowed for loopback"},
		{"http://localhost.example.com", "only allowed for loopback"},
		{"http://127.0.0.1.nip.io", "only allowed for loopback"},
		{"ftp://127.0.0.1", `scheme "ftp"`},
		{"intelligence.twilio.com", "not an absolute URL"},
		{"https://", "not an absolute URL"},
		{"https://host/?a=b", "query"},
		{"https://host/#x", "fragment"},
		{"https://user:hunter2@host", "must not contain credentials"},
		{"https://h ost", "not a valid URL"},
	} {
		_, err := ParseBaseURL(tc.raw)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("ParseBaseURL(%q): unexpected error %v", tc.raw, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ParseBaseURL(%q) = %v, want an error containing %q", tc.raw, err, tc.wantErr)
		case err != nil && strings.Contains(err.Error(), "hunter2"):
			t.Errorf("ParseBaseURL(%q) repeats the password: %v", tc.raw, err)
		}
	}
}

func TestParseBaseURLTrimsTrailingSlash(t *testing.T) {
	u, err := ParseBaseURL("https://stub.example.com/prefix/")
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/prefix" {
		t.Errorf("path = %q, want /prefix", u.Path)
	}
}
