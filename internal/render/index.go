package render

import (
	"encoding/json"
	"slices"

	"portfolio/internal/site"
)

// The filter page's script reads two files written at build time:
//
// data/index.json, compact enough to load with the page:
//
//	{"v": 1,
//	 "projects": [[url, title, code, status, start, end], ...],
//	 "places":   [[name, url, kind, [direct...], [reached...]], ...],
//	 "funders":  [[name, url, [projects...]], ...]}
//
// where start and end are YYYYMM numbers (end 0 when open-ended), status is
// "c", "p" or "u", and project lists are indexes into "projects", sorted
// and delta-encoded (each number is the gap from the one before).
//
// data/search-text.json, fetched on the first search: for each project, in
// the same order, its body's distinct words in lower case, space-separated.

type searchIndex struct {
	V        int     `json:"v"`
	Projects [][]any `json:"projects"`
	Places   [][]any `json:"places"`
	Funders  [][]any `json:"funders"`
}

func indexFiles(s *site.Site) ([]File, error) {
	pos := make(map[*site.Project]int, len(s.Projects))
	idx := searchIndex{V: 1}
	var words []string
	for i, p := range s.Projects {
		pos[p] = i
		end := 0
		if !p.End.IsZero() {
			end = p.End.Year*100 + int(p.End.Month)
		}
		idx.Projects = append(idx.Projects, []any{p.URL, p.Title, p.Code, string(p.Status)[:1],
			p.Start.Year*100 + int(p.Start.Month), end})
		words = append(words, p.Words)
	}
	postings := func(ps []*site.Project) []int {
		ids := make([]int, len(ps))
		for i, p := range ps {
			ids[i] = pos[p]
		}
		slices.Sort(ids)
		for i := len(ids) - 1; i > 0; i-- {
			ids[i] -= ids[i-1]
		}
		return ids
	}
	for _, pl := range slices.Concat(s.Countries, s.Groups) {
		reached := make([]*site.Project, len(pl.Reached))
		for i, r := range pl.Reached {
			reached[i] = r.Project
		}
		idx.Places = append(idx.Places, []any{pl.Name, pl.URL, pl.Kind.String(), postings(pl.Direct), postings(reached)})
	}
	for _, f := range s.Funders {
		idx.Funders = append(idx.Funders, []any{f.Name, f.URL, postings(f.Projects)})
	}
	ij, err := json.Marshal(idx)
	if err != nil {
		return nil, err
	}
	tj, err := json.Marshal(words)
	if err != nil {
		return nil, err
	}
	return []File{{Path: "data/index.json", Data: ij}, {Path: "data/search-text.json", Data: tj}}, nil
}
