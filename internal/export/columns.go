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
// key of the JSON's project object, or both. Its kind, presence and help
// describe it in the data package (datapackage.json) and the JSON Schema
// (projects.schema.json), which are made from the same columns.
type column struct {
	name      string
	csv, json bool
	kind      kind
	presence  presence
	help      string                                  // a sentence for readers of the data
	value     func(s *site.Site, p *site.Project) any // nil when not stated
}

// A kind is what a column's values are.
type kind int

const (
	fromField kind = iota // a front-matter field's column: its Type says (kinds)
	text                  // a string
	page                  // the address of a page of the site: absolute under an absolute base_url, else a path
	address               // an http(s) address
	month                 // a date as the file writes it: YYYY-MM or YYYY-MM-DD
	day                   // a date, YYYY-MM-DD
	instant               // a date and time, RFC 3339 in UTC
	amount                // US dollars, a number (content.Money)
	boolean               // true or false (JSON only)
	stage                 // a status: upcoming, current or past
	texts                 // a list of strings
	numbers               // a list of integers
	locations             // a list of places: objects in the JSON, names in the CSV
)

// kinds gives the kind of a front-matter field's column by its Type
// (content.Field); TestColumnsFollowTheFields finds a Type missing.
var kinds = map[string]kind{
	"string": text, "date": month, "number": amount, "URL": address,
	"list of strings": texts, "list of numbers": numbers,
}

// A presence says when a column has a value.
type presence int

const (
	fromRequired presence = iota // a front-matter field's column: always when Required, else orNull (a list: orEmpty)
	always                       // every project has one: never null, an empty text or an empty list
	orNull                       // null in the JSON, an empty cell in the CSV, when the project does not state it
	orEmpty                      // always there, but may be empty text or an empty list (an empty cell)
)

// columns lists a project's columns, in order: the slug and the page's
// URL, then each front-matter field's column (content.Fields, in its
// order) followed by what the site derives beside it (derived), then the
// project's last change (content.Project.Modified), its summary and the
// body's text. A field's value is its Value, or the site's (resolved);
// its kind follows from its Type and its presence from Required, unless
// resolved says otherwise.
var columns = func() []column {
	out := []column{
		{"slug", true, true, text, always, "The project's lasting identifier: the last part of its page's address, unique.",
			func(_ *site.Site, p *site.Project) any { return p.Slug }},
		{"url", true, true, page, always, "The project's page on the site.",
			func(s *site.Site, p *site.Project) any { return link(s, p.URL) }},
	}
	for _, f := range content.Fields {
		if f.Column == "" {
			continue
		}
		c := resolved[f.Key] // TestColumnsFollowTheFields finds one missing
		c.name, c.csv, c.json, c.help = f.Column, true, true, f.Help
		if f.Value != nil {
			c.value = func(_ *site.Site, p *site.Project) any { return f.Value(p.Project) }
		}
		if c.kind == fromField {
			c.kind = kinds[f.Type]
		}
		if c.presence == fromRequired {
			switch {
			case f.Required:
				c.presence = always
			case c.kind.list():
				c.presence = orEmpty
			default:
				c.presence = orNull
			}
		}
		out = append(out, c)
		out = append(out, derived[f.Key]...)
	}
	return append(out,
		column{"last_modified", true, true, instant, orNull, "When the project's file last changed: the date of the last commit that changed it in the site's Git history, else the file's own time; UTC.",
			func(_ *site.Site, p *site.Project) any {
				if p.Modified.IsZero() {
					return nil
				}
				return p.Modified.UTC().Format(time.RFC3339)
			}},
		column{"summary", true, true, text, orEmpty, "The description's opening as plain text, about 240 characters: its first paragraph, or its first list's items.",
			func(_ *site.Site, p *site.Project) any { return p.Summary }},
		column{"body_text", false, true, text, orEmpty, "The whole description as plain text, headings included.",
			func(_ *site.Site, p *site.Project) any { return p.Text }})
}()

// list reports whether k's values are lists.
func (k kind) list() bool { return k == texts || k == numbers || k == locations }

// resolved gives the columns of the fields the site resolves (their value,
// and their kind or presence where the field's own would mislead):
// funders by the names their pages have, the site's default division,
// places by their M49 names with their codes.
var resolved = map[string]column{
	"funding": {value: func(_ *site.Site, p *site.Project) any {
		names := []string{}
		for _, f := range p.Funders {
			names = append(names, f.Name)
		}
		return names
	}},
	"division":  {presence: always, value: func(_ *site.Site, p *site.Project) any { return p.Division }},
	"countries": {kind: locations, value: func(s *site.Site, p *site.Project) any { return placeList(s, p.Places) }},
}

// derived gives the columns the site derives, by the field they follow.
var derived = map[string][]column{
	"code": {
		{"status", true, true, stage, always, "Where the project stands as of the build date: upcoming, current or past, worked out from its dates unless the file sets it.",
			func(_ *site.Site, p *site.Project) any { return string(p.Status) }},
		{"status_derived", false, true, boolean, always, "Whether status was worked out from the dates (false when the file sets it).",
			func(_ *site.Site, p *site.Project) any { return p.Derived }},
	},
	"end": {
		{"start_date", true, true, day, always, "The first day of start.",
			func(_ *site.Site, p *site.Project) any { return p.Start.First().Format(time.DateOnly) }},
		{"end_date", true, true, day, orNull, "The last day of end; not stated for open-ended work.",
			func(_ *site.Site, p *site.Project) any {
				if p.End.IsZero() {
					return nil
				}
				return p.End.Last().Format(time.DateOnly)
			}},
	},
	"countries": {
		{"country_iso3", true, false, texts, orEmpty, "The ISO 3166-1 alpha-3 codes of the countries listed (regions and groups have none).",
			func(_ *site.Site, p *site.Project) any {
				return codes(p.Places, func(pl *site.Place) string { return pl.ISO3 })
			}},
		{"country_m49", true, false, texts, orEmpty, "The UN M49 codes of the countries, regions and groups listed that have one (the groups of Least Developed Countries 199, Landlocked Developing Countries 432, Small Island Developing States 722), to be read as text.",
			func(_ *site.Site, p *site.Project) any {
				return codes(p.Places, func(pl *site.Place) string { return placeM49(pl) })
			}},
		{"reached", false, true, locations, orEmpty, "The M49 regions and groups the countries listed belonged to during the project.",
			func(s *site.Site, p *site.Project) any { return placeList(s, p.Within) }},
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
