// Package export writes the site's open-data downloads: every project in
// three machine-readable files, the reporting organisation's yearly
// budgets in a fourth, and two that describe them, built from the same
// *site.Site the pages are rendered from.
//
//	data/projects.json          JSON, schema "portfolio-projects/1" (Document)
//	data/projects.csv           one row per project, for spreadsheets
//	data/iati-activities.xml    IATI activity standard 2.03
//	data/iati-organisation.xml  IATI organisation standard 2.03 (Paths says when)
//	data/datapackage.json       a Frictionless Data Package describing the others
//	data/projects.schema.json   the JSON Schema of projects.json
//
// docs/data.md documents every field, with types and examples, and the IATI
// mapping with everything that cannot be mapped exactly; this comment states
// the rules the code keeps.
//
// Determinism: the same site gives the same bytes. Projects are sorted by
// slug, every list keeps the order the project file gives it, and no value
// comes from the clock: the only date that is not the content's is the
// build date, s.AsOf.
//
// URLs: a page's URL is the site's base_url joined with the page's path, so
// base_url "https://example.org/sub/" gives
// "https://example.org/sub/projects/x/". When base_url is only a path ("/",
// the default, or "/sub/"), URLs are root-relative ("/projects/x/"); IATI
// document links, which must be absolute, are then left out.
//
// Nulls: a value the project file does not state is JSON null and an empty
// CSV cell, never a stand-in such as 0 or "": a budget that is not stated is
// null, and so are an open end, a missing code and a missing link.
//
// Three ways to deliver the same bytes: Files makes each download whole;
// Stream writes one a project at a time, for a build that writes to disk
// without holding it; and a Memo, kept by a
// process that builds again and again (the preview server), holds each
// project's part of every download under a key of everything the part is
// made from, so that a rebuild after an edit encodes only the edited
// projects and joins the parts (Memo.Files) or leaves them to be joined
// when the file is asked for (Memo.Stream).
//
// One encoder per format: all three cut a download into a head, one part
// per project and a tail (layout), and every value comes from the standard
// library's encoder — encoding/json for Document and each value of a
// project's object, encoding/xml for iatiActivities and iatiActivity,
// encoding/csv for CSVHeader and csvRow. The head and tail are the
// document encoded with no projects, cut where its list of projects goes.
// A project's CSV row and JSON object are its columns (columns.go): each
// front-matter field's, as content.Fields declares it, and what the site
// derives; so adding a field to content.Fields adds its column to both.
//
// Lists in the CSV are joined with "; " (ListSep). No value may contain
// "; ", so splitting a cell on "; " gives back the list exactly; CSV refuses
// a site that breaks the rule and names the project and value. A CSV text
// cell that a spreadsheet would run as a formula gets a ' before it
// (inert); the JSON and IATI files keep every text as written.
//
// Described once: the data package's Table Schema and the JSON Schema of
// projects.json are made from the same columns (datapackage.go).
package export

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"portfolio/internal/site"
)

// The paths of the downloads, relative to the output folder.
const (
	JSONPath = "data/projects.json"
	CSVPath  = "data/projects.csv"
	IATIPath = "data/iati-activities.xml"

	IATIOrgPath = "data/iati-organisation.xml"

	PackagePath = "data/datapackage.json"     // describes the others: a Frictionless Data Package
	SchemaPath  = "data/projects.schema.json" // the JSON Schema of projects.json
)

// File is one download: a slash path relative to the output folder and its
// bytes. It has render.File's fields, so the build can convert it with
// render.File(f) without this package depending on render.
type File struct {
	Path string
	Data []byte
}

// Files returns the downloads in a fixed order: JSON, CSV and, when orgRef
// is set, IATI (the organisation file too when it is the site's
// iati_org_ref: Paths). Publishing IATI data needs the reporting organisation's
// registered identifier (site.yaml's iati_org_ref, passed here as orgRef);
// until a site has one, its IATI file is not written rather than written
// with a made-up identifier. orgName names the reporting organisation and
// defaults to the site's organization setting.
func Files(s *site.Site, orgRef, orgName string) ([]File, error) {
	ps := bySlug(s)
	var files []File
	for _, path := range Paths(s, orgRef) {
		data, err := whole(s, ps, path, orgRef, orgName)
		if err != nil {
			return nil, err
		}
		files = append(files, File{path, data})
	}
	return files, nil
}

// whole returns the download at path for the projects ps of s, sorted by
// slug, made as Stream writes it.
func whole(s *site.Site, ps []*site.Project, path, orgRef, orgName string) ([]byte, error) {
	var b bytes.Buffer
	a := assembly{w: &b}
	var m *Memo // none: every part is encoded
	if err := m.assemble(path, s, ps, nil, orgRef, orgName, &a); err != nil {
		return nil, err
	}
	return b.Bytes(), a.err
}

// bySlug returns the site's projects sorted by slug, the order of every
// download.
func bySlug(s *site.Site) []*site.Project {
	ps := slices.Clone(s.Projects)
	slices.SortFunc(ps, func(a, b *site.Project) int { return cmp.Compare(a.Slug, b.Slug) })
	return ps
}

// link turns a site path such as "/projects/x/" into the URL the downloads
// give: absolute under an absolute base_url, root-relative (with the base
// path) otherwise.
func link(s *site.Site, path string) string {
	return strings.TrimSuffix(s.Settings.BaseURL, "/") + path
}

// absolute reports whether the site's base_url is an absolute http(s) URL,
// so that link gives URLs usable outside the site.
func absolute(s *site.Site) bool {
	u, err := url.Parse(s.Settings.BaseURL)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// hundredths formats n hundredths as a decimal number: without decimals
// when whole ("6144831"), otherwise with exactly two ("1234567.89"). Amounts
// in cents become dollars this way in all three files, and IATI
// percentages are written the same way.
func hundredths(n int64) string {
	sign, u := "", uint64(n)
	if n < 0 {
		sign, u = "-", -u // in unsigned arithmetic, so that the smallest int64 stays exact
	}
	s := sign + strconv.FormatUint(u/100, 10)
	if c := u % 100; c != 0 {
		s += fmt.Sprintf(".%02d", c)
	}
	return s
}
