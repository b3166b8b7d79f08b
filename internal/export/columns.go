package export

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/site"
)

// A column is one value of a project in the downloads: a CSV column, a
// key of the JSON's project object, or both.
type column struct {
	name      string
	csv, json bool
	value     func(s *site.Site, p *site.Project) any // nil when not stated
}

// columns lists a project's columns, in order: the slug and the page's
// URL, then each front-matter field's column (content.Fields, in its
// order) followed by what the site derives beside it (derived), then the
// project's last change (content.Project.Modified), its summary and the
// body's text. A field's value is its Value, or the site's (resolved).
var columns = func() []column {
	out := []column{
		{"slug", true, true, func(_ *site.Site, p *site.Project) any { return p.Slug }},
		{"url", true, true, func(s *site.Site, p *site.Project) any { return link(s, p.URL) }},
	}
	for _, f := range content.Fields {
		if f.Column == "" {
			continue
		}
		value := resolved[f.Key] // TestColumnsFollowTheFields finds one missing
		if f.Value != nil {
			value = func(_ *site.Site, p *site.Project) any { return f.Value(p.Project) }
		}
		out = append(out, column{f.Column, true, true, value})
		out = append(out, derived[f.Key]...)
	}
	return append(out,
		column{"last_modified", true, true, func(_ *site.Site, p *site.Project) any {
			if p.Modified.IsZero() {
				return nil
			}
			return p.Modified.UTC().Format(time.RFC3339)
		}},
		column{"summary", true, true, func(_ *site.Site, p *site.Project) any { return p.Summary }},
		column{"body_text", false, true, func(_ *site.Site, p *site.Project) any { return p.Text }})
}()

// resolved gives the columns of the fields the site resolves: funders by
// the names their pages have, the site's default division, places by
// their M49 names with their codes.
var resolved = map[string]func(s *site.Site, p *site.Project) any{
	"funding": func(_ *site.Site, p *site.Project) any {
		names := []string{}
		for _, f := range p.Funders {
			names = append(names, f.Name)
		}
		return names
	},
	"division":  func(_ *site.Site, p *site.Project) any { return p.Division },
	"countries": func(s *site.Site, p *site.Project) any { return placeList(s, p.Places) },
}

// derived gives the columns the site derives, by the field they follow.
var derived = map[string][]column{
	"code": {
		{"status", true, true, func(_ *site.Site, p *site.Project) any { return string(p.Status) }},
		{"status_derived", false, true, func(_ *site.Site, p *site.Project) any { return p.Derived }},
	},
	"end": {
		{"start_date", true, true, func(_ *site.Site, p *site.Project) any { return p.Start.First().Format(time.DateOnly) }},
		{"end_date", true, true, func(_ *site.Site, p *site.Project) any {
			if p.End.IsZero() {
				return nil
			}
			return p.End.Last().Format(time.DateOnly)
		}},
	},
	"countries": {
		{"country_iso3", true, false, func(_ *site.Site, p *site.Project) any {
			return codes(p.Places, func(pl *site.Place) string { return pl.ISO3 })
		}},
		{"country_m49", true, false, func(_ *site.Site, p *site.Project) any {
			return codes(p.Places, func(pl *site.Place) string { return placeM49(pl) })
		}},
		{"reached", false, true, func(s *site.Site, p *site.Project) any { return placeList(s, p.Within) }},
	},
}

// codes returns the code of each of pls that has one: only countries have
// ISO codes (and not Sark), and groups no M49 code.
func codes(pls []*site.Place, code func(*site.Place) string) []string {
	var out []string
	for _, pl := range pls {
		if c := code(pl); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// items returns the entries of v, a list column's value, as text; false
// for a value that is no list.
func items(v any) ([]string, bool) {
	var out []string
	switch v := v.(type) {
	case []string:
		return v, true
	case []int:
		for _, n := range v {
			out = append(out, strconv.Itoa(n))
		}
	case []Place:
		for _, pl := range v {
			out = append(out, pl.Name)
		}
	default:
		return nil, false
	}
	return out, true
}

// cell returns v as a CSV cell: a list joined with ListSep, an amount in
// dollars, a value not stated empty; text made inert (inert).
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return inert(v)
	case content.Money:
		return hundredths(int64(v))
	case []int:
		list, _ := items(v)
		return strings.Join(list, ListSep)
	}
	if list, ok := items(v); ok {
		return inert(strings.Join(list, ListSep))
	}
	panic(fmt.Sprintf("export: a column's value of type %T has no CSV form", v))
}

// inert returns a text cell as a spreadsheet cannot run it: one that
// begins with a character that makes a spreadsheet read a formula (=, +,
// -, @, a tab or a carriage return: OWASP's advice on CSV injection) gets
// a ' before it, and so does one that begins with ' itself, so that a
// reader gets any text back exactly by dropping the first ' of a cell
// that has one. Amounts and goal numbers are not text and stay numbers,
// as the data package types them; none begins with "-" anyway, since
// content refuses a negative budget.
func inert(text string) string {
	if text != "" && strings.IndexByte("=+-@\t\r'", text[0]) >= 0 {
		return "'" + text
	}
	return text
}

// jsonValue returns v as the JSON gives it: an amount as a number of
// dollars, exact (6144831 or 1234567.89), a list empty rather than null.
func jsonValue(v any) any {
	switch v := v.(type) {
	case content.Money:
		return json.Number(hundredths(int64(v)))
	case []string:
		return append([]string{}, v...)
	case []int:
		return append([]int{}, v...)
	case []Place:
		return append([]Place{}, v...)
	}
	return v
}
