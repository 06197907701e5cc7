package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const (
	project = "terraform-provider-twilio"
	version = "1.2.3"
	prefix  = project + "_" + version + "_"
)

// host is the target this test's own executable was built for: it stands in for the
// provider binary, so that its header is real.
var host = runtime.GOOS + "_" + runtime.GOARCH

// fakeDist writes a dist/ as goreleaser does for one target (the manifest left in the
// repository, as goreleaser leaves it), after edit has had a chance to change the
// files; it returns the dist directory and the manifest's path.
func fakeDist(t *testing.T, edit func(files map[string][]byte, sums *[]string)) (string, string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	binName := project + "_v" + version
	if runtime.GOOS == "windows" {
		binName += ".exe"
	}
	files := map[string][]byte{
		"metadata.json":        []byte(fmt.Sprintf(`{"project_name":%q,"version":%q}`, project, version)),
		prefix + host + ".zip": zipOf(t, map[string][]byte{binName: bin, "LICENSE": []byte("MPL-2.0")}),
		"manifest":             []byte(`{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`),
	}
	var sums []string
	for _, name := range []string{prefix + host + ".zip", "manifest"} {
		listed := name
		if name == "manifest" {
			listed = prefix + "manifest.json"
		}
		sum := sha256.Sum256(files[name])
		sums = append(sums, hex.EncodeToString(sum[:])+"  "+listed)
	}
	if edit != nil {
		edit(files, &sums)
	}
	dir := t.TempDir()
	dist := filepath.Join(dir, "dist")
	if err := os.Mkdir(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		path := filepath.Join(dist, name)
		if name == "manifest" {
			path = filepath.Join(dir, "terraform-registry-manifest.json")
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dist, prefix+"SHA256SUMS"), []byte(strings.Join(sums, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dist, filepath.Join(dir, "terraform-registry-manifest.json")
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b strings.Builder
	w := zip.NewWriter(&b)
	for name, content := range files {
		h := &zip.FileHeader{Name: name, Method: zip.Store}
		h.SetMode(0o755)
		f, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}

func TestCheckAcceptsAGoodDist(t *testing.T) {
	dist, manifest := fakeDist(t, nil)
	report, problems := check(dist, []string{host}, false, manifest)
	if len(problems) > 0 {
		t.Fatalf("problems with a good dist: %q", problems)
	}
	if len(report) != 3 {
		t.Errorf("report %q", report)
	}
}

// Each way a dist can be wrong is reported, with words that say what is wrong.
func TestCheckRejects(t *testing.T) {
	zip := prefix + host + ".zip"
	other := runtime.GOOS + "_arm64" // the same OS, another architecture
	if runtime.GOARCH == "arm64" {
		other = runtime.GOOS + "_amd64"
	}
	for _, tc := range []struct {
		name    string
		edit    func(files map[string][]byte, sums *[]string)
		targets []string
		signed  bool
		want    string
	}{
		{"zip without the binary", func(f map[string][]byte, s *[]string) {
			f[zip] = zipOf(t, map[string][]byte{"README.md": []byte("x")})
			*s = resum(f, *s, zip)
		}, nil, false, "no " + project + "_v" + version},
		{"binary in a subdirectory", func(f map[string][]byte, s *[]string) {
			f[zip] = zipOf(t, map[string][]byte{"bin/" + project + "_v" + version: []byte("x")})
			*s = resum(f, *s, zip)
		}, nil, false, "at its root"},
		{"binary for another architecture", func(f map[string][]byte, s *[]string) {
			f[prefix+other+".zip"] = f[zip]
			delete(f, zip)
			*s = []string{strings.Replace((*s)[0], zip, prefix+other+".zip", 1), (*s)[1]}
		}, nil, false, "is built for"},
		{"zip badly named", func(f map[string][]byte, s *[]string) {
			f[project+"_"+host+".zip"] = f[zip]
		}, nil, false, "not named " + prefix},
		{"a target missing", nil, []string{host, other}, false, "want exactly"},
		{"checksums miss a zip", func(_ map[string][]byte, s *[]string) { *s = (*s)[1:] }, nil, false,
			"does not list " + zip},
		{"checksums miss the manifest", func(_ map[string][]byte, s *[]string) { *s = (*s)[:1] }, nil, false,
			"does not list " + prefix + "manifest.json"},
		{"a hash wrong", func(f map[string][]byte, _ *[]string) { f[zip] = append(f[zip], 0) }, nil, false,
			"the hash of " + zip},
		{"manifest on protocol 5", func(f map[string][]byte, s *[]string) {
			f["manifest"] = []byte(`{"version": 1, "metadata": {"protocol_versions": ["5.0"]}}`)
		}, nil, false, `want version 1 and ["6.0"]`},
		{"unsigned when a signature is required", nil, nil, true, "SHA256SUMS.sig: missing"},
		{"no metadata.json", func(f map[string][]byte, _ *[]string) { delete(f, "metadata.json") }, nil, false,
			"run goreleaser first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dist, manifest := fakeDist(t, tc.edit)
			_, problems := check(dist, tc.targets, tc.signed, manifest)
			if !strings.Contains(strings.Join(problems, "\n"), tc.want) {
				t.Errorf("problems %q, want one containing %q", problems, tc.want)
			}
		})
	}
}

// resum recomputes the checksum line of name.
func resum(files map[string][]byte, sums []string, name string) []string {
	out := make([]string, len(sums))
	for i, line := range sums {
		out[i] = line
		if strings.HasSuffix(line, "  "+name) {
			sum := sha256.Sum256(files[name])
			out[i] = hex.EncodeToString(sum[:]) + "  " + name
		}
	}
	return out
}
