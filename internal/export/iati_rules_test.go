package export_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"portfolio/internal/build"
	"portfolio/internal/diag"
	"portfolio/internal/render"
)

// standards is the folder of the official IATI schemas, codelists and
// validator rules, copied unchanged into the repository (standards/README.md).
const standards = "../../standards/iati"

// TestIATIMeetsStandard builds the real site as it is (no iati_org_ref)
// and with an organisation identifier and an absolute base URL (so that
// the activities have document links), and holds every IATI file written
// to the 2.03 schemas (xmllint) and to every rule of the official IATI
// Validator (testdata/iatirules.py). Nothing may fire but, without an
// organisation identifier, the rules that the stand-in identifier
// XX-UNREGISTERED cannot pass: its prefix is no registered agency's.
func TestIATIMeetsStandard(t *testing.T) {
	xmllint, python := iatiTools(t)
	standIn := map[string]string{ // rule → why it fires without iati_org_ref
		"1.14.8": "the reporting organisation's identifier starts with no registered agency's prefix",
		"1.3.8":  "nor does the activity identifier, which begins with it",
		"1.8.8":  "nor does the implementing organisation's, which is the division's",
	}
	for _, tc := range []struct {
		name, orgRef, baseURL string
		want                  []string // the files written
	}{
		{"without iati_org_ref", "", "", []string{"data/iati-activities.xml"}},
		{"with iati_org_ref", "XM-DAC-TEST", "https://example.org/projects/", []string{"data/iati-activities.xml", "data/iati-organisation.xml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var written []string
			for _, f := range buildWithOrgRef(t, tc.orgRef, tc.baseURL) {
				if !strings.HasPrefix(f.Path, "data/iati-") {
					continue
				}
				written = append(written, f.Path)
				name := filepath.Join(dir, filepath.Base(f.Path))
				if err := os.WriteFile(name, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				schema := "iati-activities-schema.xsd"
				if strings.Contains(f.Path, "organisation") {
					schema = "iati-organisations-schema.xsd"
				}
				if out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join(standards, schema), name).CombinedOutput(); err != nil {
					t.Errorf("%s does not validate against %s: %v\n%s", f.Path, schema, err, out)
				}
			}
			if !slices.Equal(written, tc.want) {
				t.Fatalf("IATI files written: %q, want %q", written, tc.want)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
			for _, finding := range iatiRules(t, python, files) {
				if tc.orgRef == "" && finding.severity == "Warning" && standIn[finding.rule] != "" {
					continue
				}
				t.Errorf("%s", finding)
			}
		})
	}
}

// TestIATIRulesFire holds the rule checker to finding what a file that
// breaks rules breaks, and to saying which rule it cannot check, so that
// TestIATIMeetsStandard finding nothing means something.
func TestIATIRulesFire(t *testing.T) {
	_, python := iatiTools(t)
	var got []string
	for _, f := range iatiRules(t, python, []string{"testdata/iati-broken.xml"}) {
		got = append(got, f.severity+" "+f.rule)
	}
	want := []string{"Warning 1.1.1", "Warning 1.1.21", "Error 3.4.2", "Error 7.5.3", "Unevaluable 9.10.1", "Error 9.50.1"}
	if !slices.Equal(got, want) {
		t.Errorf("rules fired on testdata/iati-broken.xml:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// iatiTools returns xmllint's and Python's paths, or skips the test when
// either is missing, saying what to install; in CI (CI set), where
// .ci/run installs them, it fails instead.
func iatiTools(t *testing.T) (xmllint, python string) {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	if _, err := os.Stat(filepath.Join(standards, "validator-rules.csv")); err != nil {
		missing("the IATI standards are not in the repository: %v", err)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		missing("xmllint not found (apt-get install libxml2-utils): %v", err)
	}
	// Debian's python3-elementpath and python3-lxml install for the
	// system's Python, which another python3 on PATH may hide.
	for _, python = range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(python, "-c", "import elementpath, lxml").Run() == nil {
			return xmllint, python
		}
	}
	missing("no python3 with elementpath and lxml (apt-get install python3-elementpath python3-lxml)")
	return "", ""
}

// A finding is a rule of the IATI Validator that fires on a file, or one
// that the checker could not evaluate (severity "Unevaluable").
type finding struct{ severity, rule, file, where, message string }

func (f finding) String() string {
	return f.severity + " " + f.rule + ": " + filepath.Base(f.file) + " " + f.where + ": " + f.message
}

// iatiRules runs testdata/iatirules.py over files, taking as now the
// build date or, when later, the clock's time, as the validator takes its
// own: an activity's last update is its file's last change, which may
// come after the fixed build date of the tests, never after the clock.
func iatiRules(t *testing.T, python string, files []string) []finding {
	t.Helper()
	now := asOf
	if clock := time.Now().UTC(); clock.After(now) {
		now = clock
	}
	args := append([]string{"testdata/iatirules.py", standards, now.Format(time.RFC3339)}, files...)
	var stderr bytes.Buffer
	cmd := exec.Command(python, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("iatirules.py: %v\n%s", err, stderr.Bytes())
	}
	var findings []finding
	for line := range strings.Lines(string(out)) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 5)
		if len(f) != 5 {
			t.Fatalf("iatirules.py printed %q", line)
		}
		findings = append(findings, finding{f[0], f[1], f[2], f[3], f[4]})
	}
	return findings
}

// buildWithOrgRef builds the repository's site with site.yaml's
// iati_org_ref set to orgRef, and baseURL for base_url when set, and
// returns its files. Only errors in the site's own sources fail it, as in
// realSite.
func buildWithOrgRef(t *testing.T, orgRef, baseURL string) []render.File {
	t.Helper()
	root := os.DirFS("../..")
	settings, err := fs.ReadFile(root, "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const unset = `iati_org_ref: ""`
	if !bytes.Contains(settings, []byte(unset)) {
		t.Fatalf("site.yaml has no line %s to set", unset)
	}
	settings = bytes.Replace(settings, []byte(unset), []byte("iati_org_ref: "+orgRef), 1)
	res := build.Run(overlay{root, fstest.MapFS{"site.yaml": {Data: settings}}}, build.Options{AsOf: asOf, BaseURL: baseURL})
	var errs []error
	for _, d := range res.Diags {
		if d.Severity == diag.Error && (d.Path == "" || strings.HasPrefix(d.Path, "content/") || d.Path == "site.yaml") {
			errs = append(errs, errors.New(d.String()))
		}
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("building the real site: %v", err)
	}
	return res.Files
}

// overlay is an fs.FS whose files are top's where it has them, else
// base's.
type overlay struct {
	base fs.FS
	top  fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.top[name]; ok {
		return o.top.Open(name)
	}
	return o.base.Open(name)
}
