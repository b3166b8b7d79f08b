package export

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"portfolio/internal/content"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

// packageLayout makes data/datapackage.json, a Frictionless Data Package
// (version 2) that describes the other downloads: the CSV with a Table
// Schema, the JSON by its JSON Schema (data/projects.schema.json, as the
// Frictionless "JSON Data Resource" recipe links one), the IATI files by
// their standard; with the site's title, publisher and data_licence. The
// CSV's fields are the columns the CSV is written from (columns), so a
// new column is described with no edit here. Like the IATI organisation
// file it is one document, with no part per project.
func packageLayout(s *site.Site, orgRef string) (*layout, error) {
	st := s.Settings
	pkg := dataPackage{
		Profile:     "https://datapackage.org/profiles/2.0/datapackage.json",
		Name:        cmp.Or(content.Slugify(st.Title), "projects"),
		Title:       st.Title,
		Description: st.Description,
		Created:     stamp(s),
		Contributors: []contributor{
			{Title: st.Organization, Roles: []string{"publisher"}},
			{Title: cmp.Or(st.DivisionName, st.Division), Path: st.DivisionURL, Roles: []string{"creator"}},
		},
	}
	if absolute(s) {
		pkg.ID, pkg.Homepage = link(s, "/"+PackagePath), link(s, "/data/")
		pkg.Contributors[0].Path = link(s, "/")
	}
	if st.DataLicence != "" {
		l := licence{Path: st.LicenceURL()}
		if l.Path != st.DataLicence { // an SPDX identifier, which the Open Definition's match
			l.Name = st.DataLicence
		}
		pkg.Licences = []licence{l}
	}
	for _, p := range Paths(s, orgRef) {
		if r, ok := resourceOf(s, p); ok {
			pkg.Resources = append(pkg.Resources, r)
		}
	}
	return document(PackagePath, pkg)
}

// resourceOf returns the resource that describes the download at p, and
// false for the downloads that describe the others.
func resourceOf(s *site.Site, p string) (resource, bool) {
	r := resource{Name: strings.ReplaceAll(strings.TrimSuffix(path.Base(p), path.Ext(p)), ".", "-"), Path: path.Base(p), Encoding: "utf-8"}
	switch p {
	case CSVPath:
		r.Name, r.Type, r.Format, r.Mediatype = "projects-csv", "table", "csv", "text/csv"
		r.Description = "One row per project, sorted by slug: the columns below, a list in one cell joined with \"; \". " +
			"A text cell that begins with =, +, -, @, a tab, a carriage return or ' has a ' put before it, so that no spreadsheet runs it as a formula: " +
			"drop the first ' of such a cell to get the text, which projects.json gives exactly."
		r.Dialect = &dialect{Header: true, Delimiter: ",", LineTerminator: "\n", QuoteChar: `"`, DoubleQuote: true}
		r.Schema = tableSchemaOf(s)
	case JSONPath:
		r.Name, r.Profile, r.Format, r.Mediatype = "projects-json", "json-data-resource", "json", "application/json"
		r.Description = "Every project with every field, lists as arrays and places as objects with their codes, sorted by slug; described by projects.schema.json."
		r.Schema = path.Base(SchemaPath)
	case IATIPath:
		r.Format, r.Mediatype = "xml", "application/xml"
		r.Description = "One activity per project in the IATI activity standard 2.03 (https://iatistandard.org/en/iati-standard/203/activity-standard/)."
	case IATIOrgPath:
		r.Format, r.Mediatype = "xml", "application/xml"
		r.Description = "The reporting organisation's total budgets by year in the IATI organisation standard 2.03 (https://iatistandard.org/en/iati-standard/203/organisation-standard/)."
	default:
		return resource{}, false
	}
	return r, true
}

// dataPackage and the types below are the parts of a Data Package (2.0)
// that the site fills, in the order the standard lists them.
type dataPackage struct {
	Profile      string        `json:"$schema"`
	Name         string        `json:"name"`
	ID           string        `json:"id,omitempty"` // the package's own address, when base_url is absolute
	Title        string        `json:"title"`
	Description  string        `json:"description,omitempty"`
	Homepage     string        `json:"homepage,omitempty"`
	Created      string        `json:"created"`
	Contributors []contributor `json:"contributors"`
	Licences     []licence     `json:"licenses,omitempty"`
	Resources    []resource    `json:"resources"`
}

type contributor struct {
	Title string   `json:"title"`
	Path  string   `json:"path,omitempty"`
	Roles []string `json:"roles"`
}

type licence struct {
	Name string `json:"name,omitempty"` // an Open Definition (= SPDX) identifier
	Path string `json:"path"`
}

type resource struct {
	Name        string   `json:"name"`
	Type        string   `json:"type,omitempty"`    // "table" for the CSV
	Profile     string   `json:"profile,omitempty"` // "json-data-resource" for the JSON
	Path        string   `json:"path"`              // beside datapackage.json
	Description string   `json:"description"`
	Format      string   `json:"format"`
	Mediatype   string   `json:"mediatype"`
	Encoding    string   `json:"encoding"`
	Dialect     *dialect `json:"dialect,omitempty"`
	Schema      any      `json:"schema,omitempty"` // a Table Schema, or the JSON Schema's path
}

type dialect struct {
	Header         bool   `json:"header"`
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
}

type tableSchema struct {
	Fields        []tableField `json:"fields"`
	MissingValues []string     `json:"missingValues"`
	PrimaryKey    []string     `json:"primaryKey"`
}

type tableField struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"`
	Format      string       `json:"format,omitempty"`
	Description string       `json:"description"`
	Constraints *constraints `json:"constraints,omitempty"`
}

type constraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Minimum  *int     `json:"minimum,omitempty"`
}

// primaryKey is the column that identifies a project: the first of columns.
const primaryKey = "slug"

// monthPattern matches a date as a project file writes it.
const monthPattern = `^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$`

// statuses are the values of the status column.
var statuses = []string{string(content.Upcoming), string(content.Current), string(content.Past)}

// tableSchemaOf returns the Table Schema of data/projects.csv: a field per
// CSV column, typed by its kind; a cell that is empty is a value not stated.
func tableSchemaOf(s *site.Site) tableSchema {
	ts := tableSchema{MissingValues: []string{""}, PrimaryKey: []string{primaryKey}}
	zero := 0
	for _, c := range columns {
		if !c.csv {
			continue
		}
		f := tableField{Name: c.name, Type: "string", Description: c.help}
		var k constraints
		switch c.kind {
		case page:
			if absolute(s) {
				f.Format = "uri"
			}
		case address:
			f.Format = "uri"
		case month:
			k.Pattern = monthPattern
		case day:
			f.Type = "date"
		case instant:
			f.Type = "datetime"
		case amount:
			f.Type, k.Minimum = "number", &zero
		case stage:
			k.Enum = statuses
		case texts, numbers, locations:
			f.Description += ` A list: its items joined with "; ".`
		}
		k.Required = c.presence == always
		k.Unique = c.name == primaryKey
		if !k.none() {
			f.Constraints = &k
		}
		ts.Fields = append(ts.Fields, f)
	}
	return ts
}

// none reports whether k constrains nothing.
func (k constraints) none() bool {
	return !k.Required && !k.Unique && k.Pattern == "" && k.Enum == nil && k.Minimum == nil
}

// schemaLayout makes data/projects.schema.json, the JSON Schema (2020-12)
// of data/projects.json: the document (Document), and a project's object
// with a property per JSON column, typed by its kind, required all (a
// value not stated is null, or an empty list, never left out).
func schemaLayout(s *site.Site) (*layout, error) {
	props, required := obj{}, []string{}
	for _, c := range columns {
		if c.json {
			props[c.name] = jsonSchemaOf(s, c)
			required = append(required, c.name)
		}
	}
	str := obj{"type": "string"}
	nullable := obj{"type": []string{"string", "null"}}
	doc := obj{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"title":       s.Settings.Title + ": " + path.Base(JSONPath),
		"description": "The projects of the site, as docs/data.md of the site generator describes them. Fields may be added without a new schema version; readers should ignore fields they do not know.",
		"type":        "object",
		"required":    []string{"schema", "as_of", "site", "projects"},
		"properties": obj{
			"schema": obj{"const": Schema, "description": "The format's name and version."},
			"as_of":  obj{"type": "string", "format": "date", "description": "The build date statuses are derived for."},
			"site": obj{"type": "object", "description": "The site the data come from.",
				"required": []string{"title", "organization", "division", "division_name", "url"},
				"properties": obj{"title": str, "organization": str, "division": str, "division_name": str,
					"url": obj{"type": "string", "format": "uri-reference", "description": "The home page."}}},
			"projects": obj{"type": "array", "items": obj{"$ref": "#/$defs/project"}, "description": "One object per project, sorted by slug."},
		},
		"$defs": obj{
			"project": obj{"type": "object", "required": required, "properties": props},
			"place": obj{"type": "object", "description": "A country, M49 region or group.",
				"required": []string{"name", "kind", "m49", "iso2", "iso3", "url"},
				"properties": obj{
					"name": obj{"type": "string", "description": "The UN M49 English name, or the group's name."},
					"kind": obj{"enum": placeKinds()},
					"m49":  obj{"type": []string{"string", "null"}, "pattern": "^[0-9]{3}$", "description": "The UN M49 code, null for a group M49 does not define."},
					"iso2": nullable, "iso3": nullable,
					"url": obj{"type": "string", "format": "uri-reference", "description": "The place's page."},
				}},
		},
	}
	if absolute(s) {
		doc["$id"] = link(s, "/"+SchemaPath)
	}
	return document(SchemaPath, doc)
}

// obj is a JSON Schema object; encoding/json writes its keys sorted.
type obj = map[string]any

// jsonSchemaOf returns the JSON Schema of c's values.
func jsonSchemaOf(s *site.Site, c column) obj {
	var o obj
	switch c.kind {
	case text:
		o = obj{"type": "string"}
	case page:
		o = obj{"type": "string", "format": "uri-reference"}
	case address:
		o = obj{"type": "string", "format": "uri"}
	case month:
		o = obj{"type": "string", "pattern": monthPattern}
	case day:
		o = obj{"type": "string", "format": "date"}
	case instant:
		o = obj{"type": "string", "format": "date-time"}
	case amount:
		o = obj{"type": "number", "minimum": 0}
	case boolean:
		o = obj{"type": "boolean"}
	case stage:
		o = obj{"enum": statuses}
	case texts:
		o = obj{"type": "array", "items": obj{"type": "string"}}
	case numbers:
		o = obj{"type": "array", "items": obj{"type": "integer"}}
	case locations:
		o = obj{"type": "array", "items": obj{"$ref": "#/$defs/place"}}
	default:
		panic(fmt.Sprintf("export: column %s has no kind", c.name))
	}
	switch {
	case c.presence == always && c.kind.list():
		o["minItems"] = 1
	case c.presence == always && o["type"] == "string":
		o["minLength"] = 1
	case c.presence == orNull:
		o["type"] = []any{o["type"], "null"}
	}
	o["description"] = c.help
	return o
}

// placeKinds lists the kinds a place may be, as the JSON names them.
func placeKinds() []string {
	var out []string
	for _, k := range []places.Kind{places.World, places.Region, places.Subregion, places.IntermediateRegion, places.Country, places.Group} {
		out = append(out, k.String())
	}
	return out
}

// document returns the layout of a download that is v, indented, whole.
func document(p string, v any) (*layout, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return &layout{head: b.Bytes()}, nil
}
