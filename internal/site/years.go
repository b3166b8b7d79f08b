package site

import (
	"strconv"
	"time"

	"portfolio/internal/content"
)

// Year is a calendar year with the projects active at any time in it.
type Year struct {
	Year     int
	URL      string
	Projects []*Project    // active during the year, newest start first
	Budget   content.Money // the year's shares of the projects' stated budgets (YearBudgets)
	Stated   int           // how many of Projects have a share in it
	Open     int           // how many of Projects state a budget but no end, which is not spread
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
		for _, yb := range p.YearBudgets() {
			y := s.Years[yb.Start.Year()-first]
			y.Budget += yb.Amount
			y.Stated++
		}
		if p.HasBudget && p.End.IsZero() {
			for y := from; y <= to; y++ {
				s.Years[y-first].Open++
			}
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

// A YearBudget is the part of a project's budget that falls in one
// calendar year: Start and End are that year's first and last days,
// clipped to the project's start and end.
type YearBudget struct {
	Start, End time.Time
	Amount     content.Money
}

// YearBudgets splits p's stated total budget across the calendar years its
// dates reach, for the years page and the IATI file (whose budgets may span
// at most a year: the Validator's rule 7.5.3). Each year gets the share of the months the project runs in
// it, a month counting whole when the project starts or ends in it: a
// project from March 2024 to June 2026 runs 10, 12 and 6 of its 28 months
// in 2024, 2025 and 2026. Each share is rounded down to the cent, and the
// cents left over (fewer than the years) go to the last year, so that the
// shares add up to the total exactly. A project with no budget, or with
// no end, has none: an open-ended project's total covers years not yet
// known, and any split would report amounts for periods it did not give.
func (p *Project) YearBudgets() []YearBudget {
	if !p.HasBudget || p.End.IsZero() || p.Budget < 0 {
		return nil
	}
	start, end := p.Start.First(), p.End.Last()
	if end.Before(start) {
		return nil
	}
	total, all := int64(p.Budget), int64(months(start, end))
	var out []YearBudget
	var given int64
	for y := start.Year(); y <= end.Year(); y++ {
		from := later(start, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		to := earlier(end, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
		m := int64(months(from, to))
		cents := total/all*m + total%all*m/all // total*m/all, rounded down, without overflow
		out = append(out, YearBudget{from, to, content.Money(cents)})
		given += cents
	}
	out[len(out)-1].Amount += content.Money(total - given)
	return out
}

// months counts the calendar months from from's to to's, both included.
func months(from, to time.Time) int {
	return (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
