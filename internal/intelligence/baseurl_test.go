package intelligence

import (
	"errors"
	"strings"
	"testing"
)

// Every row of the host rules: neither setting, an edge alone, each region alone (its
// default edge), both, and a region with no default edge.
func TestBaseURLFor(t *testing.T) {
	for _, tc := range []struct{ region, edge, want string }{
		{"", "", "https://intelligence.twilio.com"},
		{"", "sydney", "https://intelligence.sydney.us1.twilio.com"},
		{"", "dublin", "https://intelligence.dublin.us1.twilio.com"},
		{"au1", "", "https://intelligence.sydney.au1.twilio.com"},
		{"br1", "", "https://intelligence.sao-paulo.br1.twilio.com"},
		{"de1", "", "https://intelligence.frankfurt.de1.twilio.com"},
		{"ie1", "", "https://intelligence.dublin.ie1.twilio.com"},
		{"jp1", "", "https://intelligence.tokyo.jp1.twilio.com"},
		{"jp2", "", "https://intelligence.osaka.jp2.twilio.com"},
		{"sg1", "", "https://intelligence.singapore.sg1.twilio.com"},
		{"us1", "", "https://intelligence.ashburn.us1.twilio.com"},
		{"us2", "", "https://intelligence.umatilla.us2.twilio.com"},
		{"au1", "sydney", "https://intelligence.sydney.au1.twilio.com"},
		{"ie1", "frankfurt", "https://intelligence.frankfurt.ie1.twilio.com"},
		{"xx9", "somewhere", "https://intelligence.somewhere.xx9.twilio.com"},
	} {
		got, err := BaseURLFor(tc.region, tc.edge)
		if err != nil || got != tc.want {
			t.Errorf("BaseURLFor(%q, %q) = %q, %v; want %q", tc.region, tc.edge, got, err, tc.want)
		}
	}
	if len(DefaultEdges()) != 9 {
		t.Errorf("DefaultEdges() has %d regions, want the 9 of Twilio's helper libraries", len(DefaultEdges()))
	}
}

func TestBaseURLForRegionWithoutDefaultEdge(t *testing.T) {
	got, err := BaseURLFor("xx9", "")
	var noEdge *NoDefaultEdgeError
	if !errors.As(err, &noEdge) || noEdge.Region != "xx9" || got != "" {
		t.Errorf("BaseURLFor(\"xx9\", \"\") = %q, %v; want a *NoDefaultEdgeError for xx9 and no URL", got, err)
	}
}

// ParseBaseURL accepts https URLs and http ones on loopback hosts, and refuses the rest
// without repeating a password or a query value.
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
		{"https://host/?key=hunter2", "query"},
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
			t.Errorf("ParseBaseURL(%q) repeats the password or the query value: %v", tc.raw, err)
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
