package site

import (
	"testing"

	"portfolio/internal/content"
)

// TestYearBudgets checks that a budget split by years adds up to the total
// to the cent, in periods of at most a year that tile the project's span.
func TestYearBudgets(t *testing.T) {
	for _, tt := range []struct{ start, end string }{
		{"2020-02-15", "2021-02"}, {"2005-05", "2013-06"}, {"2024-12-31", "2025-01-01"}, {"2024-03", "2024-03"},
	} {
		for _, total := range []content.Money{0, 1, 99, 123456789, 1e15} {
			start, _ := content.ParseDate(tt.start)
			end, _ := content.ParseDate(tt.end)
			p := &Project{Project: &content.Project{Start: start, End: end, Budget: total, HasBudget: true}}
			var sum int64
			next := start.First()
			for _, yb := range p.YearBudgets() {
				if !yb.Start.Equal(next) || yb.End.Before(yb.Start) || yb.Start.Year() != yb.End.Year() || yb.Amount < 0 {
					t.Errorf("%s..%s: period %v..%v (%d cents) after %v", tt.start, tt.end, yb.Start, yb.End, yb.Amount, next)
				}
				sum += int64(yb.Amount)
				next = yb.End.AddDate(0, 0, 1)
			}
			if sum != int64(total) || !next.Equal(end.Last().AddDate(0, 0, 1)) {
				t.Errorf("%s..%s, %d cents: shares add up to %d, ending before %v", tt.start, tt.end, total, sum, next)
			}
		}
	}
}

// TestYearsSpread: the years page's budgets are the projects' budgets
// spread by months, not put whole in the start year, and an open-ended
// project's budget is counted apart in each year it runs.
func TestYearsSpread(t *testing.T) {
	a := project("content/projects/a.md", "a", "2006-07", "2008-06", "Kenya") // 6, 12 and 6 months
	a.Budget, a.HasBudget = 2_400_000_00, true
	b := project("content/projects/b.md", "b", "2007-01", "", "Peru") // open-ended
	b.Budget, b.HasBudget = 1_000_00, true
	s, l := build(t, "2008-12-31", a, b)
	if l.HasErrors() {
		t.Fatal(l)
	}
	want := map[int][3]int64{2006: {600_000_00, 1, 0}, 2007: {1_200_000_00, 1, 1}, 2008: {600_000_00, 1, 1}}
	for _, y := range s.Years {
		if got := [3]int64{int64(y.Budget), int64(y.Stated), int64(y.Open)}; got != want[y.Year] {
			t.Errorf("%d: budget, stated, open = %v, want %v", y.Year, got, want[y.Year])
		}
	}
}
