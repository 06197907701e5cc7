// Command checkdist checks a goreleaser dist/ directory against what the Terraform Registry
// and the OpenTofu Registry accept, before anything is published:
//
//   - one zip per target, named <project>_<version>_<os>_<arch>.zip;
//   - in each, at the root, the provider binary <project>_v<version> (.exe on Windows),
//     non-empty, executable, and built for that zip's operating system and architecture;
//   - <project>_<version>_SHA256SUMS listing every zip and the registry manifest, with
//     hashes that match the files;
//   - the manifest (<project>_<version>_manifest.json) declaring protocol version 6.0;
//   - with -signed, the detached signature <project>_<version>_SHA256SUMS.sig.
//
// Usage: go run ./scripts/checkdist [-targets linux_amd64,...] [-signed] [-manifest FILE] [DIST]
//
// The project name and version come from DIST/metadata.json, which goreleaser writes.
// It prints what it checked and exits 1 with every problem it found.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// protocolVersion is the plugin protocol the provider serves (terraform-plugin-framework).
const protocolVersion = "6.0"

func main() {
	targets := flag.String("targets", "", "comma-separated os_arch list the zips must be exactly (default: any, at least one)")
	signed := flag.Bool("signed", false, "require the detached signature of the checksums")
	manifest := flag.String("manifest", "terraform-registry-manifest.json",
		"the registry manifest, used when DIST does not hold a copy (goreleaser only uploads it)")
	flag.Parse()
	dir := "dist"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	var want []string
	if *targets != "" {
		want = strings.Split(*targets, ",")
	}
	report, problems := check(dir, want, *signed, *manifest)
	for _, line := range report {
		fmt.Println(line)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "checkdist: %s is not what the registries accept:\n", dir)
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "  - "+p)
		}
		os.Exit(1)
	}
}

// check returns what it verified and every problem found.
func check(dir string, targets []string, signed bool, manifestFallback string) (report, problems []string) {
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	// passed reports what a section verified when it found no problem.
	passed := func(before int, format string, args ...any) {
		if len(problems) == before {
			report = append(report, fmt.Sprintf("checkdist: "+format, args...))
		}
	}

	var meta struct {
		ProjectName string `json:"project_name"`
		Version     string `json:"version"`
	}
	if err := readJSON(filepath.Join(dir, "metadata.json"), &meta); err != nil {
		fail("%v (run goreleaser first)", err)
		return nil, problems
	}
	project, version := meta.ProjectName, meta.Version
	if !strings.HasPrefix(project, "terraform-provider-") {
		fail("project name %q: the registries need terraform-provider-<NAME>", project)
	}
	prefix := project + "_" + version + "_"

	// The zips and the binary inside each.
	before := len(problems)
	zips, _ := filepath.Glob(filepath.Join(dir, "*.zip"))
	zipName := regexp.MustCompile("^" + regexp.QuoteMeta(prefix) + `([a-z0-9]+)_([a-z0-9]+)\.zip$`)
	var got []string
	for _, z := range zips {
		name := filepath.Base(z)
		m := zipName.FindStringSubmatch(name)
		if m == nil {
			fail("%s: not named %s<os>_<arch>.zip", name, prefix)
			continue
		}
		got = append(got, m[1]+"_"+m[2])
		bin := project + "_v" + version
		if m[1] == "windows" {
			bin += ".exe"
		}
		if err := checkZip(z, bin, m[1], m[2]); err != nil {
			fail("%s: %v", name, err)
		}
	}
	sort.Strings(got)
	switch {
	case len(zips) == 0:
		fail("no zip in %s", dir)
	case targets != nil:
		sort.Strings(targets)
		if !slices.Equal(got, targets) {
			fail("zips for %s, want exactly %s", strings.Join(got, ","), strings.Join(targets, ","))
		}
	}
	passed(before, "%d zips of %s %s (%s), each with %s_v%s at its root, built for its target",
		len(zips), project, version, strings.Join(got, " "), project, version)

	// The manifest: in dist/ if goreleaser put it there, else the repository's file that
	// release.extra_files uploads under that name.
	before = len(problems)
	manifestName := prefix + "manifest.json"
	manifestPath := filepath.Join(dir, manifestName)
	if _, err := os.Stat(manifestPath); err != nil {
		manifestPath = manifestFallback
	}
	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := readJSON(manifestPath, &manifest); err != nil {
		fail("manifest: %v", err)
	} else if manifest.Version != 1 || !slices.Equal(manifest.Metadata.ProtocolVersions, []string{protocolVersion}) {
		fail("manifest %s: version %d, protocol_versions %q; want version 1 and [%q] (the provider serves protocol 6)",
			manifestPath, manifest.Version, manifest.Metadata.ProtocolVersions, protocolVersion)
	}
	passed(before, "%s (from %s) declares protocol %s", manifestName, manifestPath, protocolVersion)

	// The checksums: every zip and the manifest listed, every listed file matching.
	before = len(problems)
	sumsName := prefix + "SHA256SUMS"
	sums, err := readSums(filepath.Join(dir, sumsName))
	if err != nil {
		fail("%v", err)
	} else {
		for _, z := range zips {
			if _, ok := sums[filepath.Base(z)]; !ok {
				fail("%s does not list %s", sumsName, filepath.Base(z))
			}
		}
		if _, ok := sums[manifestName]; !ok {
			fail("%s does not list %s", sumsName, manifestName)
		}
		for _, name := range slices.Sorted(maps.Keys(sums)) {
			path := filepath.Join(dir, name)
			if name == manifestName {
				path = manifestPath
			}
			h, err := fileSHA256(path)
			if err != nil {
				fail("%s lists %s: %v", sumsName, name, err)
			} else if h != sums[name] {
				fail("%s: the hash of %s is %s, the file's is %s", sumsName, name, sums[name], h)
			}
		}
		passed(before, "%s lists %d files, every zip and the manifest, hashes match", sumsName, len(sums))
	}

	if signed {
		if fi, err := os.Stat(filepath.Join(dir, sumsName+".sig")); err != nil || fi.Size() == 0 {
			fail("%s.sig: missing or empty (the registries need the checksums signed)", sumsName)
		} else {
			report = append(report, "checkdist: "+sumsName+".sig present (verify it with gpg --verify)")
		}
	}
	return report, problems
}

// checkZip: bin at the root, a regular non-empty executable file built for goos/goarch.
func checkZip(path, bin, goos, goarch string) error {
	r, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer r.Close()
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
		if f.Name != bin {
			continue
		}
		if f.FileInfo().Size() == 0 || !f.Mode().IsRegular() {
			return fmt.Errorf("%s is empty or not a regular file", bin)
		}
		if goos != "windows" && f.Mode().Perm()&0o111 == 0 {
			return fmt.Errorf("%s is not executable (mode %v)", bin, f.Mode())
		}
		return checkBinary(f, goos, goarch)
	}
	return fmt.Errorf("no %s at its root (it holds %s)", bin, strings.Join(names, ", "))
}

// checkBinary reads the executable's header: its format must be the one goos uses and
// its machine goarch.
func checkBinary(f *zip.File, goos, goarch string) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return err
	}
	ra := bytes.NewReader(b)
	var machine string
	switch goos {
	case "linux", "freebsd":
		e, err := elf.NewFile(ra)
		if err != nil {
			return fmt.Errorf("%s is not an ELF executable: %w", f.Name, err)
		}
		machine = map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_386: "386", elf.EM_ARM: "arm", elf.EM_AARCH64: "arm64"}[e.Machine]
		osabi := map[string]elf.OSABI{"linux": elf.ELFOSABI_NONE, "freebsd": elf.ELFOSABI_FREEBSD}[goos]
		if e.OSABI != osabi {
			return fmt.Errorf("%s is an ELF executable for OS ABI %v, not %s", f.Name, e.OSABI, goos)
		}
	case "darwin":
		m, err := macho.NewFile(ra)
		if err != nil {
			return fmt.Errorf("%s is not a Mach-O executable: %w", f.Name, err)
		}
		machine = map[macho.Cpu]string{macho.CpuAmd64: "amd64", macho.CpuArm64: "arm64"}[m.Cpu]
	case "windows":
		p, err := pe.NewFile(ra)
		if err != nil {
			return fmt.Errorf("%s is not a PE executable: %w", f.Name, err)
		}
		machine = map[uint16]string{pe.IMAGE_FILE_MACHINE_AMD64: "amd64", pe.IMAGE_FILE_MACHINE_I386: "386",
			pe.IMAGE_FILE_MACHINE_ARM64: "arm64", pe.IMAGE_FILE_MACHINE_ARMNT: "arm"}[p.Machine]
	default:
		return fmt.Errorf("unknown operating system %q", goos)
	}
	if machine != goarch {
		return fmt.Errorf("%s is built for %q, not %s", f.Name, machine, goarch)
	}
	return nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readSums parses sha256sum's format: "<64 hex>  <name>" per line.
func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	line := regexp.MustCompile(`^([0-9a-f]{64}) [ *](.+)$`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			return nil, fmt.Errorf("%s: line %q is not \"<sha256>  <file>\"", filepath.Base(path), sc.Text())
		}
		sums[m[2]] = m[1]
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(sums) == 0 {
		return nil, errors.New(filepath.Base(path) + " is empty")
	}
	return sums, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
