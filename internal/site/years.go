package site

import (
	"strconv"

	"portfolio/internal/content"
)

// Year is a calendar year with the projects active at any time in it.
type Year struct {
	Year     int
	URL      string
	Projects []*Project    // active during the year, newest start first
	Started  content.Money // stated budgets of the projects that started this year
	Starts   int           // projects that started this year
	Stated   int           // how many of those state a budget
}

// fillYears fills s.Years from the first start to the last end (an open-ended
// project counts up to the build year, an upcoming one from its start).
// A project is active in a year when its time frame overlaps the year, so a
// year range [a, b] matches a project active in any year from a to b.
func (s *Site) fillYears() {
	if len(s.Projects) == 0 {
		return
	}
	first, last := s.Projects[0].Start.Year, s.AsOf.Year()
	for _, p := range s.Projects {
		first = min(first, p.Start.Year)
		last = max(last, p.Start.Year, p.End.Year)
	}
	s.Years = make([]*Year, 0, last-first+1)
	for y := first; y <= last; y++ {
		s.Years = append(s.Years, &Year{Year: y, URL: "/years/" + strconv.Itoa(y) + "/"})
	}
	for _, p := range s.Projects { // already newest first
		from, to := p.ActiveYears(s.AsOf.Year())
		for y := from; y <= to; y++ {
			s.Years[y-first].Projects = append(s.Years[y-first].Projects, p)
		}
		y := s.Years[p.Start.Year-first]
		y.Starts++
		if p.HasBudget {
			y.Started += p.Budget
			y.Stated++
		}
	}
	// Drop empty years at either end, not gaps inside: a gap is information.
	for len(s.Years) > 0 && len(s.Years[len(s.Years)-1].Projects) == 0 {
		s.Years = s.Years[:len(s.Years)-1]
	}
}

// ActiveYears returns the first and last calendar year p is active in; an
// open-ended project runs to max(buildYear, start year).
func (p *Project) ActiveYears(buildYear int) (from, to int) {
	from, to = p.Start.Year, p.End.Year
	if p.End.IsZero() {
		to = max(buildYear, from)
	}
	return from, to
}
