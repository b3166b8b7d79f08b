package render

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"portfolio/internal/site"
)

// The filter page's script reads two files written at build time:
//
// data/index.json, compact enough to load with the page:
//
//	{"v": 1,
//	 "projects": [[url, title, code, status, start, end, places], ...],
//	 "places":   [[name, url, kind, [direct...], [reached...], [alias...], [via...]], ...],
//	 "funders":  [[name, url, [projects...]], ...]}
//
// where start and end are YYYYMM numbers (end 0 when open-ended), status is
// "c", "p" or "u", places is the UN names of the places the project
// names, as its list entry shows them ("" for none), and project lists are indexes into "projects", sorted
// and delta-encoded (each number is the gap from the one before). A place's
// aliases are the other names editors write for it ("Tanzania"), which the
// search matches but never shows; via gives, for each of its reached
// projects in the same order, the names of the places it is reached
// through, comma-separated.
//
// data/search-text.json, fetched on the first search: for each project, in
// the same order, its body's distinct words in lower case, space-separated.

// indexFiles returns data/index.json and data/search-text.json. Each
// project's row and words are encoded once and, with a memo, kept by the
// project's entry key (they show nothing of it that its list entry does
// not); the places and funders are encoded anew.
func (run *run) indexFiles(s *site.Site) ([]File, error) {
	rows := make([][2][]byte, len(s.Projects))
	var err error
	for i, p := range s.Projects {
		if rows[i], err = run.indexRow(p); err != nil {
			return nil, err
		}
	}
	postings := func(ps []*site.Project) []int {
		ids := make([]int, len(ps))
		for i, p := range ps {
			ids[i] = p.Seq // its place in s.Projects
		}
		slices.Sort(ids)
		for i := len(ids) - 1; i > 0; i-- {
			ids[i] -= ids[i-1]
		}
		return ids
	}
	// The places and funders, as encoding/json writes them: their project
	// lists are long runs of numbers, written here without reflection.
	tail := []byte(`{"places":[`)
	// A place's via names repeat ("All Member States", on each of the
	// thousands of projects reaching a country through it): each is quoted
	// once.
	quoted := map[string][]byte{}
	appendQuoted := func(b []byte, ss []string) ([]byte, error) {
		for i, v := range ss {
			q, ok := quoted[v]
			if !ok {
				if q, err = json.Marshal(v); err != nil {
					return nil, err
				}
				quoted[v] = q
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, q...)
		}
		return b, nil
	}
	for i, pl := range slices.Concat(s.Countries, s.Groups) {
		rs := slices.Clone(pl.Reached)
		slices.SortFunc(rs, func(a, b site.Reach) int { return a.Project.Seq - b.Project.Seq })
		reached := make([]*site.Project, len(rs))
		via := make([]string, len(rs))
		for i, r := range rs {
			reached[i] = r.Project
			names := make([]string, len(r.Via))
			for j, v := range r.Via {
				names[j] = v.Name
			}
			via[i] = strings.Join(names, ", ")
		}
		if i > 0 {
			tail = append(tail, ',')
		}
		tail = append(tail, '[')
		if tail, err = appendStrings(tail, pl.Name, pl.URL, pl.Kind.String()); err != nil {
			return nil, err
		}
		tail = appendInts(append(tail, ','), postings(pl.Direct))
		tail = appendInts(append(tail, ','), postings(reached))
		for _, list := range [][]string{pl.Aliases, via} {
			tail = append(tail, ",["...)
			if tail, err = appendQuoted(tail, list); err != nil {
				return nil, err
			}
			tail = append(tail, ']')
		}
		tail = append(tail, ']')
	}
	tail = append(tail, `],"funders":[`...)
	for i, f := range s.Funders {
		if i > 0 {
			tail = append(tail, ',')
		}
		tail = append(tail, '[')
		if tail, err = appendStrings(tail, f.Name, f.URL); err != nil {
			return nil, err
		}
		tail = appendInts(append(tail, ','), postings(f.Projects))
		tail = append(tail, ']')
	}
	tail = append(tail, "]}"...)
	// {"v":1,"projects":[row,...],"places":...,"funders":...}
	size, words := len(tail)+32, 2
	for _, row := range rows {
		size += len(row[0]) + 1
		words += len(row[1]) + 1
	}
	ij := make([]byte, 0, size)
	ij = append(ij, `{"v":1,"projects":[`...)
	tj := make([]byte, 0, words)
	tj = append(tj, '[')
	for i, row := range rows {
		if i > 0 {
			ij, tj = append(ij, ','), append(tj, ',')
		}
		ij, tj = append(ij, row[0]...), append(tj, row[1]...)
	}
	ij = append(ij, "],"...)
	ij = append(ij, tail[1:]...) // the object's fields, without its "{"
	tj = append(tj, ']')
	return []File{{Path: "data/index.json", Data: ij}, {Path: "data/search-text.json", Data: tj}}, nil
}

// indexRow returns p's row in index.json and its words in search-text.json.
func (run *run) indexRow(p *site.Project) ([2][]byte, error) {
	var key uint64
	memo := run.r.memo
	if memo != nil {
		key = run.entries.of(p).key
		memo.mu.Lock()
		row, ok := look(memo, memo.index, key)
		memo.mu.Unlock()
		if ok {
			return row, nil
		}
	}
	end := 0
	if !p.End.IsZero() {
		end = p.End.Year*100 + int(p.End.Month)
	}
	var row [2][]byte
	var err error
	if row[0], err = json.Marshal([]any{p.URL, p.Title, p.Code, string(p.Status)[:1], p.Start.Year*100 + int(p.Start.Month), end, placeNames(p.Places, run.r.cat)}); err != nil {
		return row, err
	}
	if row[1], err = json.Marshal(p.Words); err != nil {
		return row, err
	}
	if memo != nil {
		memo.mu.Lock()
		keep(memo, memo.index, key, row)
		memo.mu.Unlock()
	}
	return row, nil
}

// appendStrings appends the JSON strings of ss, comma-separated.
func appendStrings(b []byte, ss ...string) ([]byte, error) {
	for i, v := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		q, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b = append(b, q...)
	}
	return b, nil
}

// appendInts appends the JSON array of ns.
func appendInts(b []byte, ns []int) []byte {
	b = append(b, '[')
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']')
}
