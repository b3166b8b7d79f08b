package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"portfolio/internal/site"
)

// ListSep joins a list in one CSV cell. No value in a list may contain it.
const ListSep = "; "

// CSVHeader returns the first row of data/projects.csv: the JSON's flat
// fields, the listed places' names, and their ISO alpha-3 and M49 codes.
func CSVHeader() []string {
	return []string{
		"slug", "url", "title", "code", "status", "start", "end", "start_date", "end_date",
		"funding", "budget_usd", "division", "partners", "link", "sdgs",
		"countries", "country_iso3", "country_m49", "summary",
	}
}

// CSV returns data/projects.csv for s: UTF-8 without a byte-order mark, one
// header row and one row per project sorted by slug, fields quoted as
// RFC 4180 says where needed, lines ending in "\n". A value that is not
// stated is an empty cell. It fails when a list value contains ListSep.
func CSV(s *site.Site) ([]byte, error) { return whole(s, bySlug(s), CSVPath, "", "") }

// csvLayout cuts data/projects.csv into its parts: the header row, then
// each project's row, as encoding/csv writes them.
func csvLayout(s *site.Site) (*layout, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	write := func(row []string) ([]byte, error) {
		b.Reset()
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("%s: %w", CSVPath, err)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("%s: %w", CSVPath, err)
		}
		return b.Bytes(), nil
	}
	head, err := write(CSVHeader())
	if err != nil {
		return nil, err
	}
	return &layout{head: bytes.Clone(head), part: func(p *site.Project) ([]byte, error) {
		row, err := csvRow(s, p)
		if err != nil {
			return nil, err
		}
		return write(row)
	}}, nil
}

// csvRow returns p's row, in CSVHeader's order. It fails when a list value
// contains ListSep.
func csvRow(s *site.Site, p *site.Project) ([]string, error) {
	var end, endDate, budget string
	if !p.End.IsZero() {
		end, endDate = p.End.String(), p.End.Last().Format(time.DateOnly)
	}
	if p.HasBudget {
		budget = hundredths(int64(p.Budget))
	}
	var funding, names, iso3, m49, sdgs []string
	for _, f := range p.Funders {
		funding = append(funding, f.Name)
	}
	for _, pl := range p.Places {
		names = append(names, pl.Name)
		if pl.ISO3 != "" { // countries only, and not Sark
			iso3 = append(iso3, pl.ISO3)
		}
		if pl.M49 != "" {
			m49 = append(m49, pl.M49)
		}
	}
	for _, g := range p.SDGs {
		sdgs = append(sdgs, strconv.Itoa(g))
	}
	for _, l := range []struct {
		col    string
		values []string
	}{{"funding", funding}, {"partners", p.Partners}, {"countries", names}} {
		for _, v := range l.values {
			if strings.Contains(v, ListSep) {
				return nil, fmt.Errorf("%s: %s %q contains %q, which %s uses to separate list items; reword it", p.Path, l.col, v, ListSep, CSVPath)
			}
		}
	}
	return []string{
		p.Slug, link(s, p.URL), p.Title, p.Code, string(p.Status),
		p.Start.String(), end, p.Start.First().Format(time.DateOnly), endDate,
		strings.Join(funding, ListSep), budget, p.Division, strings.Join(p.Partners, ListSep), p.Link,
		strings.Join(sdgs, ListSep), strings.Join(names, ListSep), strings.Join(iso3, ListSep),
		strings.Join(m49, ListSep), p.Summary,
	}, nil
}
