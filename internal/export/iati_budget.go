package export

import (
	"time"

	"portfolio/internal/site"
)

// budgets returns p's budget split by years (site.Project.YearBudgets) as
// IATI budgets: original, and
// indicative, since the split is the export's, not the project's; each
// value is dated at its period's start.
func budgets(p *site.Project) []iatiBudget {
	var out []iatiBudget
	for _, yb := range p.YearBudgets() {
		start := yb.Start.Format(time.DateOnly)
		out = append(out, iatiBudget{
			Type: budgetOriginal, Status: budgetIndicative,
			PeriodStart: iatiDay{start},
			PeriodEnd:   iatiDay{yb.End.Format(time.DateOnly)},
			Value:       iatiValue{Currency: "USD", ValueDate: start, Amount: hundredths(int64(yb.Amount))},
		})
	}
	return out
}
