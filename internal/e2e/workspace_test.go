package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed04710220/terraform-provider-twilio/internal/intelligence/intelligencetest"
)

var (
	buildOnce   sync.Once
	providerDir string // made by TestMain, removed when the run ends
	buildErr    error
)

// providerBinary builds the provider once per test run, as `go build` at the root does,
// with a version stamped in as goreleaser does.
func providerBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		cmd := exec.CommandContext(context.Background(), "go", "build", "-ldflags", "-X main.version="+e2eVersion,
			"-o", filepath.Join(providerDir, "terraform-provider-twilio"), "../..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return providerDir
}

// e2eVersion is the version the tests build the provider with.
const e2eVersion = "0.0.0-e2e"

func TestMain(m *testing.M) {
	var err error
	if providerDir, err = os.MkdirTemp("", "twilio-provider-e2e-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(providerDir)
	os.Exit(code)
}

// terraformPath finds the CLI the acceptance tests use: TF_ACC_TERRAFORM_PATH, then PATH.
func terraformPath(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end tests run the Terraform CLI: set TF_ACC=1 (make test does)")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform on PATH and TF_ACC_TERRAFORM_PATH unset (make test provides one)")
	}
	return p
}

// workspace is a directory with a configuration, run by the CLI with the built provider.
type workspace struct {
	t   *testing.T
	dir string
	tf  string
	env []string
}

// newWorkspace writes config (after a required_providers block for this provider) and a
// CLI configuration whose dev_overrides serve the freshly built provider, so no registry
// is involved.
func newWorkspace(t *testing.T, config string, extraEnv ...string) *workspace {
	t.Helper()
	tf := terraformPath(t)
	dir := t.TempDir()
	host := "registry.terraform.io"
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		host = h // OpenTofu
	}
	cliConfig := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		host+"/seed04710220/twilio", providerBinary(t))
	writeFile(t, filepath.Join(dir, "cli.tfrc"), cliConfig)
	if !strings.Contains(config, "required_providers") {
		config = "terraform {\n  required_providers {\n    twilio = {\n      source = \"seed04710220/twilio\"\n    }\n  }\n}\n" + config
	}
	writeFile(t, filepath.Join(dir, "main.tf"), config)
	env := []string{
		"TF_CLI_CONFIG_FILE=" + filepath.Join(dir, "cli.tfrc"),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"HOME=" + dir, "PATH=" + os.Getenv("PATH"),
	}
	return &workspace{t: t, dir: dir, tf: tf, env: append(env, extraEnv...)}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// run runs the CLI and returns its stdout and stderr; a failure fails the test unless
// wantFail.
func (w *workspace) run(wantFail bool, args ...string) (string, string) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.tf, append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if (err != nil) != wantFail {
		w.t.Fatalf("terraform %s: err %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// outputs applies the configuration and returns its outputs.
func (w *workspace) applyOutputs() map[string]json.RawMessage {
	w.t.Helper()
	w.run(false, "apply", "-auto-approve", "-input=false")
	out, _ := w.run(false, "output", "-json")
	var raw map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		w.t.Fatalf("terraform output -json: %v\n%s", err, out)
	}
	values := make(map[string]json.RawMessage, len(raw))
	for k, v := range raw {
		values[k] = v.Value
	}
	return values
}

// providerBlock points the provider at srv with the local API's test credentials.
func providerBlock(srv *intelligencetest.Server) string {
	return fmt.Sprintf("provider \"twilio\" {\n  base_url    = %q\n  account_sid = %q\n  auth_token  = %q\n}\n",
		srv.URL(), intelligencetest.TestAccountSID, intelligencetest.TestAuthToken)
}

// localAPI starts the local API for one test.
func localAPI(t *testing.T, opts intelligencetest.Options) *intelligencetest.Server {
	t.Helper()
	srv := intelligencetest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

func readExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// skipBelow skips the test when the CLI is older than version (for example ephemeral
// resources, which need Terraform 1.10).
func (w *workspace) skipBelow(version string) {
	w.t.Helper()
	out, _ := w.run(false, "version", "-json")
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		w.t.Fatalf("terraform version -json: %v", err)
	}
	if versionLess(v.Version, version) {
		w.t.Skipf("needs Terraform %s or later, have %s", version, v.Version)
	}
}

// versionLess compares dotted numeric versions.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(strings.SplitN(a, "-", 2)[0], "."), strings.Split(b, ".")
	for i := range pb {
		var x int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i]) // a part that is not a number counts as 0
		}
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return false
}
