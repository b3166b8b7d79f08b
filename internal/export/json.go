package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"portfolio/internal/places"
	"portfolio/internal/site"
)

// Schema names the JSON format. Adding a field keeps it; renaming,
// removing or retyping one makes it "portfolio-projects/2".
const Schema = "portfolio-projects/1"

// Document is data/projects.json.
type Document struct {
	Schema   string            `json:"schema"` // always Schema
	AsOf     string            `json:"as_of"`  // the build date statuses are derived for, YYYY-MM-DD
	Site     Publisher         `json:"site"`
	Projects []json.RawMessage `json:"projects"` // sorted by slug: each an object of the columns the JSON has (columns.go)
}

// Publisher is the site the data comes from, from site.yaml.
type Publisher struct {
	Title        string `json:"title"`
	Organization string `json:"organization"`
	Division     string `json:"division"`      // the default division's short name, e.g. "DPADM"
	DivisionName string `json:"division_name"` // its full name
	URL          string `json:"url"`           // the home page
}

// Place is a country, M49 region or group. Codes a place does not have are
// null: of the groups only those M49 defines have an M49 code (placeM49),
// and only countries have ISO codes.
type Place struct {
	Name string  `json:"name"` // M49 English name, or the group's name: the name the pages show
	Kind string  `json:"kind"` // "country", "region", "subregion", "intermediate-region", "world" or "group"
	M49  *string `json:"m49"`  // 3-digit code, as a string to keep its zeros
	ISO2 *string `json:"iso2"`
	ISO3 *string `json:"iso3"`
	URL  string  `json:"url"` // the place's page
}

// jsonLayout cuts data/projects.json into its parts: the document encoded
// with an empty projects list, cut before the list's end; each project's
// object, as encoding/json writes it inside the list; and the end. HTML
// escaping is off: the file is data, not HTML, so "&" and "<" stay
// readable.
func jsonLayout(s *site.Site) (*layout, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	st := s.Settings
	doc := Document{Schema: Schema, AsOf: s.AsOf.Format(time.DateOnly), Projects: []json.RawMessage{},
		Site: Publisher{Title: st.Title, Organization: st.Organization, Division: st.Division, DivisionName: st.DivisionName, URL: link(s, "/")}}
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("%s: %w", JSONPath, err)
	}
	const tail = "]}\n"
	head, ok := bytes.CutSuffix(b.Bytes(), []byte(tail))
	if !ok {
		return nil, fmt.Errorf("%s: the document does not end with its projects list", JSONPath)
	}
	return &layout{head: bytes.Clone(head), sep: ",", tail: tail, part: func(p *site.Project) ([]byte, error) {
		b.Reset()
		b.WriteByte('{')
		for _, c := range columns {
			if !c.json {
				continue
			}
			if b.Len() > 1 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + c.name + `":`) // a plain name (content's TestFieldsAreWellFormed)
			if err := enc.Encode(jsonValue(c.value(s, p))); err != nil {
				return nil, fmt.Errorf("%s: %s: %s: %w", JSONPath, p.Slug, c.name, err)
			}
			b.Truncate(b.Len() - 1) // Encode ends each value with a newline
		}
		b.WriteByte('}')
		return b.Bytes(), nil
	}}, nil
}

// placeList returns pls as the JSON gives them.
func placeList(s *site.Site, pls []*site.Place) []Place {
	out := []Place{}
	for _, pl := range pls {
		p := Place{Name: pl.Name, Kind: pl.Kind.String(), M49: optional(placeM49(pl)), URL: link(s, pl.URL)}
		if pl.Kind == places.Country {
			p.ISO2, p.ISO3 = optional(pl.ISO2), optional(pl.ISO3)
		}
		out = append(out, p)
	}
	return out
}

// optional returns nil for "", so that an unstated value encodes as null.
func optional(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}
