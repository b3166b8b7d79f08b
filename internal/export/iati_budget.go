package export

import (
	"time"

	"portfolio/internal/site"
)

// A yearBudget is the part of a project's budget that falls in one
// calendar year: Start and End are that year's first and last days,
// clipped to the project's start and end.
type yearBudget struct {
	Start, End time.Time
	Cents      int64
}

// yearBudgets splits p's stated total budget across the calendar years its
// dates reach, since IATI budgets may span at most a year (the Validator's
// rule 7.5.3). Each year gets the share of the months the project runs in
// it, a month counting whole when the project starts or ends in it: a
// project from March 2024 to June 2026 runs 10, 12 and 6 of its 28 months
// in 2024, 2025 and 2026. Each share is rounded down to the cent, and the
// cents left over (fewer than the years) go to the last year, so that the
// shares add up to the total exactly. A project with no budget, or with
// no end, has none: an open-ended project's total covers years not yet
// known, and any split would report amounts for periods it did not give.
func yearBudgets(p *site.Project) []yearBudget {
	if !p.HasBudget || p.End.IsZero() || p.Budget < 0 {
		return nil
	}
	start, end := p.Start.First(), p.End.Last()
	if end.Before(start) {
		return nil
	}
	total, all := int64(p.Budget), int64(months(start, end))
	var out []yearBudget
	var given int64
	for y := start.Year(); y <= end.Year(); y++ {
		from := later(start, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		to := earlier(end, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
		m := int64(months(from, to))
		cents := total/all*m + total%all*m/all // total*m/all, rounded down, without overflow
		out = append(out, yearBudget{from, to, cents})
		given += cents
	}
	out[len(out)-1].Cents += total - given
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

// budgets returns p's yearBudgets as IATI budgets: original, and
// indicative, since the split is the export's, not the project's; each
// value is dated at its period's start.
func budgets(p *site.Project) []iatiBudget {
	var out []iatiBudget
	for _, yb := range yearBudgets(p) {
		start := yb.Start.Format(time.DateOnly)
		out = append(out, iatiBudget{
			Type: budgetOriginal, Status: budgetIndicative,
			PeriodStart: iatiDay{start},
			PeriodEnd:   iatiDay{yb.End.Format(time.DateOnly)},
			Value:       iatiValue{Currency: "USD", ValueDate: start, Amount: hundredths(yb.Cents)},
		})
	}
	return out
}
