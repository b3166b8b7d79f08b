package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"portfolio/internal/site"
)

// ListSep joins a list in one CSV cell. No value in a list may contain it.
const ListSep = "; "

// CSVHeader returns the first row of data/projects.csv: the names of the
// columns (columns.go) the CSV has.
func CSVHeader() []string {
	var names []string
	for _, c := range columns {
		if c.csv {
			names = append(names, c.name)
		}
	}
	return names
}

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
	var row []string
	for _, c := range columns {
		if !c.csv {
			continue
		}
		v := c.value(s, p)
		list, _ := items(v)
		for _, item := range list {
			if strings.Contains(item, ListSep) {
				return nil, fmt.Errorf("%s: %s %q contains %q, which %s uses to separate list items; reword it", p.Path, c.name, item, ListSep, CSVPath)
			}
		}
		row = append(row, cell(v))
	}
	return row, nil
}
