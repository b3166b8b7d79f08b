package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"maps"
	"slices"
	"time"

	"portfolio/internal/site"
)

// iatiOrgLayout makes data/iati-organisation.xml, in the IATI organisation
// standard 2.03: the reporting organisation, identified as the activities'
// reporting-org is, with its total budget for each calendar year, the sum
// of the yearly budgets of its activities (site.Project.YearBudgets), indicative as
// they are. The file is one document made whole, with no part per
// project: a year's total reads every project.
func iatiOrgLayout(s *site.Site, ps []*site.Project, orgRef, orgName string) (*layout, error) {
	orgName, err := reportingOrg(s, orgRef, orgName)
	if err != nil {
		return nil, err
	}
	totals := map[int]int64{} // year → cents
	for _, p := range ps {
		for _, yb := range p.YearBudgets() {
			totals[yb.Start.Year()] += int64(yb.Amount)
		}
	}
	org := iatiOrganisation{
		LastUpdated:  stamp(s),
		Lang:         language(s.Settings.Language),
		Currency:     "USD",
		Identifier:   orgRef,
		Name:         iatiText{Narrative: orgName},
		ReportingOrg: iatiOrg{Ref: orgRef, Type: orgMultilateral, Narrative: orgName},
	}
	for _, y := range slices.Sorted(maps.Keys(totals)) {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		org.TotalBudgets = append(org.TotalBudgets, iatiTotalBudget{
			Status:      budgetIndicative,
			PeriodStart: iatiDay{start},
			PeriodEnd:   iatiDay{time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)},
			Value:       iatiValue{Currency: "USD", ValueDate: start, Amount: hundredths(totals[y])},
		})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(iatiOrganisations{Version: iatiVersion, Generated: stamp(s), Organisation: org}); err != nil {
		return nil, fmt.Errorf("%s: %w", IATIOrgPath, err)
	}
	b.WriteByte('\n')
	return &layout{head: b.Bytes()}, nil
}

// iatiOrganisations and the types below are the parts of the IATI
// organisation schema the export fills, their fields in the schema's
// order.
type iatiOrganisations struct {
	XMLName      xml.Name         `xml:"iati-organisations"`
	Version      string           `xml:"version,attr"`
	Generated    string           `xml:"generated-datetime,attr"`
	Organisation iatiOrganisation `xml:"iati-organisation"`
}

type iatiOrganisation struct {
	LastUpdated string `xml:"last-updated-datetime,attr"`
	Lang        string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Currency    string `xml:"default-currency,attr"`

	Identifier   string            `xml:"organisation-identifier"`
	Name         iatiText          `xml:"name"`
	ReportingOrg iatiOrg           `xml:"reporting-org"`
	TotalBudgets []iatiTotalBudget `xml:"total-budget"`
}

type iatiTotalBudget struct {
	Status      string    `xml:"status,attr"`
	PeriodStart iatiDay   `xml:"period-start"`
	PeriodEnd   iatiDay   `xml:"period-end"`
	Value       iatiValue `xml:"value"`
}
