package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"portfolio/internal/export"
	"portfolio/internal/site"
)

// The Data Package 2.0 profiles, as published (testdata/frictionless).
const (
	packageProfile = "https://datapackage.org/profiles/2.0/datapackage.json"
	tableProfile   = "https://datapackage.org/profiles/2.0/tableschema.json"
)

// ecmaRegexp is a JSON Schema pattern compiled as ECMAScript, the
// dialect JSON Schema names and the profiles' look-aheads need.
type ecmaRegexp struct{ re *regexp2.Regexp }

func (r ecmaRegexp) String() string { return r.re.String() }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return ok && err == nil
}

// compileSchema compiles the JSON Schema doc (bytes) published at loc,
// asserting formats ("date", "uri") as validators do.
func compileSchema(t *testing.T, loc string, doc []byte) *jsonschema.Schema {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: %v", loc, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(func(expr string) (jsonschema.Regexp, error) {
		re, err := regexp2.Compile(expr, regexp2.ECMAScript)
		return ecmaRegexp{re}, err
	})
	if err := c.AddResource(loc, v); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("compiling %s: %v", loc, err)
	}
	return sch
}

// vendored returns the profile published at loc from testdata/frictionless.
func vendored(t *testing.T, loc string) *jsonschema.Schema {
	t.Helper()
	doc, err := os.ReadFile("testdata/frictionless/" + loc[strings.LastIndex(loc, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	return compileSchema(t, loc, doc)
}

// validate returns what sch finds wrong with the JSON data, or nil.
func validate(sch *jsonschema.Schema, data []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// files returns s's downloads by path.
func files(t *testing.T, s *site.Site, orgRef string) map[string][]byte {
	t.Helper()
	fs, err := export.Files(s, orgRef, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range fs {
		out[f.Path] = f.Data
	}
	return out
}

// describedSites are the sites the descriptions are checked on: the real
// one as it is (no licence, base_url a path) and published (a licence by
// address, an absolute base_url, the organisation file), and the
// hand-made one with an SPDX licence.
func describedSites(t *testing.T) map[string]*site.Site {
	published := realSite(t)
	published.Settings.BaseURL, published.Settings.IATIOrgRef = "https://example.org/projects/", orgRef
	published.Settings.DataLicence = "https://www.un.org/en/about-us/terms-of-use"
	hand := handSite(t)
	hand.Settings.DataLicence = "CC-BY-4.0"
	return map[string]*site.Site{"real": realSite(t), "published": published, "hand": hand}
}

// dataPackage is what the tests read of datapackage.json.
type dataPackage struct {
	Licenses []struct {
		Name string `json:"name"`
		Path string `json:"path"`
	} `json:"licenses"`
	Resources []packageResource `json:"resources"`
}

type packageResource struct {
	Name    string          `json:"name"`
	Path    string          `json:"path"`
	Profile string          `json:"profile"`
	Schema  json.RawMessage `json:"schema"`
}

// TestDataPackage validates data/datapackage.json against the published
// Data Package profile and its CSV's Table Schema against the Table Schema
// profile, and checks what it says: a resource for each download beside
// it, the licence set in site.yaml (none without one), and a broken
// package that the profile refuses.
func TestDataPackage(t *testing.T) {
	pkgProfile, tsProfile := vendored(t, packageProfile), vendored(t, tableProfile)
	for name, s := range describedSites(t) {
		got := files(t, s, orgRef)
		data := got[export.PackagePath]
		if err := validate(pkgProfile, data); err != nil {
			t.Errorf("%s: %s is not a valid Data Package: %v", name, export.PackagePath, err)
		}
		var pkg dataPackage
		if err := json.Unmarshal(data, &pkg); err != nil {
			t.Fatal(err)
		}
		var described []string
		for _, r := range pkg.Resources {
			described = append(described, "data/"+r.Path)
			if got[described[len(described)-1]] == nil {
				t.Errorf("%s: resource %s: no download %s beside the package", name, r.Name, r.Path)
			}
			switch r.Path {
			case "projects.csv":
				if err := validate(tsProfile, r.Schema); err != nil {
					t.Errorf("%s: the CSV's schema is not a valid Table Schema: %v", name, err)
				}
			case "projects.json":
				if string(r.Schema) != `"projects.schema.json"` || r.Profile != "json-data-resource" {
					t.Errorf("%s: the JSON's resource names schema %s, profile %q; want projects.schema.json, json-data-resource", name, r.Schema, r.Profile)
				}
			}
		}
		var want []string
		for p := range got {
			if p != export.PackagePath && p != export.SchemaPath {
				want = append(want, p)
			}
		}
		if slices.Sort(want); !slices.Equal(slices.Sorted(slices.Values(described)), want) {
			t.Errorf("%s: the package describes %q; want every download but itself and the schema: %q", name, described, want)
		}
		licence := s.Settings.DataLicence
		switch {
		case licence == "" && pkg.Licenses != nil:
			t.Errorf("%s: no data_licence, yet the package states %+v", name, pkg.Licenses)
		case licence != "" && (len(pkg.Licenses) != 1 || pkg.Licenses[0].Path != s.Settings.LicenceURL() ||
			(pkg.Licenses[0].Name != "") == strings.HasPrefix(licence, "http")):
			t.Errorf("%s: data_licence %q, yet the package states %+v", name, licence, pkg.Licenses)
		}
	}

	// The profile can fail: a licence with neither a name nor a path, a
	// resource path that climbs out of the package's folder.
	data := files(t, handSite(t), orgRef)[export.PackagePath]
	for _, broken := range []struct{ old, new string }{
		{`"resources": [`, `"licenses": [{"title": "x"}], "resources": [`},
		{`"path": "projects.csv"`, `"path": "../projects.csv"`},
	} {
		if err := validate(pkgProfile, bytes.Replace(data, []byte(broken.old), []byte(broken.new), 1)); err == nil {
			t.Errorf("the Data Package profile takes %s for %s", broken.new, broken.old)
		}
	}
}

// TestProjectsSchema validates data/projects.json against the
// data/projects.schema.json built with it, with formats asserted, and
// checks that the schema knows every key of a project and that it
// refuses a wrong type.
func TestProjectsSchema(t *testing.T) {
	for name, s := range describedSites(t) {
		got := files(t, s, orgRef)
		sch := compileSchema(t, "https://example.org/projects.schema.json", got[export.SchemaPath])
		if err := validate(sch, got[export.JSONPath]); err != nil {
			t.Errorf("%s: %s does not validate against %s: %v", name, export.JSONPath, export.SchemaPath, err)
		}
		var schema struct {
			Defs struct {
				Project struct {
					Properties map[string]any `json:"properties"`
				} `json:"project"`
			} `json:"$defs"`
		}
		var doc struct{ Projects []map[string]any }
		if err := json.Unmarshal(got[export.SchemaPath], &schema); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(got[export.JSONPath], &doc); err != nil {
			t.Fatal(err)
		}
		for k := range doc.Projects[0] {
			if _, ok := schema.Defs.Project.Properties[k]; !ok {
				t.Errorf("%s: the schema does not describe a project's %q", name, k)
			}
		}
	}

	got := files(t, handSite(t), orgRef)
	sch := compileSchema(t, "https://example.org/projects.schema.json", got[export.SchemaPath])
	for _, broken := range []struct{ old, new string }{
		{`"budget_usd":1234567.89`, `"budget_usd":"1234567.89"`},
		{`"status":"past"`, `"status":"ended"`},
		{`"start_date":"2020-02-15"`, `"start_date":"2020-02-30"`},
		{`"funding":["Fonds`, `"funding":null,"x":["Fonds`},
	} {
		data := bytes.Replace(got[export.JSONPath], []byte(broken.old), []byte(broken.new), 1)
		if bytes.Equal(data, got[export.JSONPath]) {
			t.Fatalf("no %s in projects.json", broken.old)
		}
		if err := validate(sch, data); err == nil {
			t.Errorf("the schema takes %s", broken.new)
		}
	}
}

// TestCSVMeetsTableSchema reads data/projects.csv as the package's Table
// Schema describes it: every field in order, each cell of its type and
// constraints, an empty cell a missing value, the primary key unique; and
// finds the problems in a broken CSV.
func TestCSVMeetsTableSchema(t *testing.T) {
	for name, s := range describedSites(t) {
		got := files(t, s, orgRef)
		if problems := checkTable(t, got[export.PackagePath], got[export.CSVPath]); len(problems) > 0 {
			t.Errorf("%s: projects.csv breaks its Table Schema:\n%s", name, strings.Join(problems, "\n"))
		}
	}
	got := files(t, handSite(t), orgRef)
	rows := strings.SplitAfter(string(got[export.CSVPath]), "\n")
	for _, broken := range []struct{ name, csv string }{
		{"a slug twice", rows[0] + rows[1] + rows[1]},
		{"a budget in words", strings.Replace(string(got[export.CSVPath]), ",1234567.89,", ",a million,", 1)},
		{"no title", strings.Replace(string(got[export.CSVPath]), ",Every member state,", ",,", 1)},
		{"a month 13", strings.Replace(string(got[export.CSVPath]), ",2021-02,", ",2021-13,", 1)},
	} {
		if problems := checkTable(t, got[export.PackagePath], []byte(broken.csv)); len(problems) == 0 {
			t.Errorf("%s: the Table Schema finds nothing wrong", broken.name)
		}
	}
}

// checkTable returns how data breaks the Table Schema of the CSV resource
// of the package pkg.
func checkTable(t *testing.T, pkg, data []byte) []string {
	t.Helper()
	var table struct {
		Fields []struct {
			Name, Type, Format string
			Constraints        struct {
				Required, Unique bool
				Pattern          string
				Enum             []string
				Minimum          *float64
			}
		}
		MissingValues []string
		PrimaryKey    []string
	}
	var p dataPackage
	if err := json.Unmarshal(pkg, &p); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(p.Resources, func(r packageResource) bool { return r.Path == "projects.csv" })
	if i < 0 {
		t.Fatal("the package has no projects.csv")
	}
	if err := json.Unmarshal(p.Resources[i].Schema, &table); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	var names []string
	for _, f := range table.Fields {
		names = append(names, f.Name)
	}
	if !slices.Equal(rows[0], names) {
		return []string{fmt.Sprintf("header %q; the schema's fields are %q", rows[0], names)}
	}
	seen := map[string]map[string]bool{}
	for r, row := range rows[1:] {
		key := ""
		for c, f := range table.Fields {
			cell, at := row[c], fmt.Sprintf("row %d, %s %q", r+2, f.Name, row[c])
			if slices.Contains(table.PrimaryKey, f.Name) {
				key += cell + "\x00"
			}
			if slices.Contains(table.MissingValues, cell) {
				if f.Constraints.Required {
					problems = append(problems, at+": required")
				}
				continue
			}
			var n float64
			switch f.Type {
			case "string":
				if u, err := url.Parse(cell); f.Format == "uri" && (err != nil || u.Scheme == "") {
					problems = append(problems, at+": not a URI")
				}
			case "number":
				if n, err = strconv.ParseFloat(cell, 64); err != nil {
					problems = append(problems, at+": not a number")
				}
			case "date":
				if _, err := time.Parse(time.DateOnly, cell); err != nil {
					problems = append(problems, at+": not a date")
				}
			case "datetime": // Table Schema's default format: ISO 8601 in UTC, with a Z
				if _, err := time.Parse("2006-01-02T15:04:05Z", cell); err != nil {
					problems = append(problems, at+": not a date and time in UTC")
				}
			default:
				problems = append(problems, at+": the test knows no type "+f.Type)
			}
			k := f.Constraints
			if k.Pattern != "" && !regexp.MustCompile(k.Pattern).MatchString(cell) {
				problems = append(problems, at+": does not match "+k.Pattern)
			}
			if k.Enum != nil && !slices.Contains(k.Enum, cell) {
				problems = append(problems, at+": not one of the enum")
			}
			if k.Minimum != nil && n < *k.Minimum {
				problems = append(problems, at+": below the minimum")
			}
			if k.Unique {
				if seen[f.Name] == nil {
					seen[f.Name] = map[string]bool{}
				}
				if seen[f.Name][cell] {
					problems = append(problems, at+": not unique")
				}
				seen[f.Name][cell] = true
			}
		}
		if seen["\x00key"] == nil {
			seen["\x00key"] = map[string]bool{}
		}
		if seen["\x00key"][key] {
			problems = append(problems, fmt.Sprintf("row %d: primary key %q again", r+2, key))
		}
		seen["\x00key"][key] = true
	}
	return problems
}
