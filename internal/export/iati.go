package export

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
	"unicode"

	"portfolio/internal/site"
)

// Codes from the IATI 2.03 codelists that the mapping uses; docs/data.md
// gives the mapping with the reasons.
const (
	iatiVersion = "2.03"

	orgMultilateral  = "40" // OrganisationType: UN DESA is a multilateral organisation
	roleFunding      = "1"  // OrganisationRole: provides the funds
	roleImplementing = "4"  // OrganisationRole: carries out the activity

	vocabDAC   = "1"  // RegionVocabulary: OECD DAC
	vocabM49   = "2"  // RegionVocabulary: UN M49
	vocabOwn   = "99" // RegionVocabulary: the reporting organisation's own
	vocabSDG   = "2"  // TagVocabulary: UN Sustainable Development Goals
	vocabDAC5  = "1"  // SectorVocabulary: OECD DAC 5-digit purpose codes
	sectorCode = "15110"

	budgetOriginal   = "1"   // BudgetType
	budgetIndicative = "1"   // BudgetStatus
	docWebPage       = "A12" // DocumentCategory: activity web page
)

// Activity date types, from the ActivityDateType codelist.
const (
	plannedStart = "1"
	actualStart  = "2"
	plannedEnd   = "3"
	actualEnd    = "4"
)

// iatiLayout cuts data/iati-activities.xml into its parts, once orgRef is
// checked and no two projects share an identifier: the XML declaration and
// the root element's start tag, as encoding/xml writes an iatiActivities
// without activities; each activity, as it writes an iatiActivity inside
// the root: indented one level, on lines of its own; and the root's end tag.
func iatiLayout(s *site.Site, ps []*site.Project, orgRef, orgName string) (*layout, error) {
	orgName, err := reportingOrg(s, orgRef, orgName)
	if err != nil {
		return nil, err
	}
	if err := uniqueIdentifiers(ps, orgRef); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	root := xml.NewEncoder(&b)
	root.Indent("", "  ")
	if err := root.Encode(iatiActivities{Version: iatiVersion, Generated: stamp(s)}); err != nil {
		return nil, fmt.Errorf("%s: %w", IATIPath, err)
	}
	const end = "</iati-activities>"
	head, ok := bytes.CutSuffix(b.Bytes(), []byte(end))
	if !ok {
		return nil, fmt.Errorf("%s: the empty document does not end with %s", IATIPath, end)
	}
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ") // one level inside the root
	l := &layout{head: bytes.Clone(head), tail: end + "\n", part: func(p *site.Project) ([]byte, error) {
		b.Reset()
		act := activity(s, p, orgRef, orgName)
		if err := enc.Encode(&act); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", IATIPath, p.Slug, err)
		}
		// After the first, the encoder begins each activity on a new
		// line, which the separator gives.
		return bytes.TrimPrefix(b.Bytes(), []byte("\n")), nil
	}}
	if len(ps) > 0 { // the root's end tag goes on a line of its own
		l.head, l.sep, l.tail = append(l.head, '\n'), "\n", "\n"+l.tail
	}
	return l, nil
}

// reportingOrg checks the reporting organisation's identifier and returns
// its name, which defaults to the site's organization setting.
func reportingOrg(s *site.Site, orgRef, orgName string) (string, error) {
	if orgRef == "" || strings.ContainsFunc(orgRef, unicode.IsSpace) {
		return "", fmt.Errorf("%s: the IATI organisation identifier %q is not usable; set iati_org_ref in site.yaml to the organisation identifier registered with IATI", IATIPath, orgRef)
	}
	return cmp.Or(orgName, s.Settings.Organization), nil
}

// uniqueIdentifiers fails when two of ps, sorted by slug, would get the same
// activity identifier, naming the later one's file.
func uniqueIdentifiers(ps []*site.Project, orgRef string) error {
	seen := make(map[string]string, len(ps)) // local ID → slug; identifiers differ only in them
	for _, p := range ps {
		local := localID(p)
		if other, ok := seen[local]; ok {
			return fmt.Errorf("%s: projects %q and %q would both be IATI activity %q; give one of them a different `code:`", p.Path, other, p.Slug, identifier(orgRef, p))
		}
		seen[local] = p.Slug
	}
	return nil
}

// stamp is the time the file gives as its own and every activity's last
// update: the build date, so that the same site gives the same bytes.
func stamp(s *site.Site) string { return s.AsOf.Format(time.DateOnly) + "T00:00:00Z" }

// lastUpdated is an activity's last update: its project's last change
// (Project.Modified), or the build date's stamp for a project that has
// none (one made in memory).
func lastUpdated(s *site.Site, p *site.Project) string {
	if p.Modified.IsZero() {
		return stamp(s)
	}
	return p.Modified.UTC().Format(time.RFC3339)
}

// iatiActivities and the types below are the parts of the IATI schema the
// export fills. Their fields are in the schema's order, which is part of
// its validity.
type iatiActivities struct {
	XMLName    xml.Name       `xml:"iati-activities"`
	Version    string         `xml:"version,attr"`
	Generated  string         `xml:"generated-datetime,attr"`
	Activities []iatiActivity `xml:"iati-activity"`
}

type iatiActivity struct {
	XMLName     xml.Name `xml:"iati-activity"`
	LastUpdated string   `xml:"last-updated-datetime,attr"`
	Lang        string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Currency    string   `xml:"default-currency,attr"`

	Identifier   string       `xml:"iati-identifier"`
	ReportingOrg iatiOrg      `xml:"reporting-org"`
	Title        iatiText     `xml:"title"`
	Description  iatiText     `xml:"description"`
	Participants []iatiOrg    `xml:"participating-org"`
	Status       iatiCode     `xml:"activity-status"`
	Dates        []iatiDate   `xml:"activity-date"`
	Countries    []iatiPlace  `xml:"recipient-country"`
	Regions      []iatiPlace  `xml:"recipient-region"`
	Sectors      []iatiCode   `xml:"sector"`
	Tags         []iatiCode   `xml:"tag"`
	Budgets      []iatiBudget `xml:"budget"`
	Documents    []iatiDoc    `xml:"document-link"`
}

// iatiText is an element holding one narrative; Type is description/@type.
type iatiText struct {
	Type      string `xml:"type,attr,omitempty"`
	Narrative string `xml:"narrative"`
}

type iatiOrg struct {
	Ref       string `xml:"ref,attr,omitempty"`
	Type      string `xml:"type,attr,omitempty"`
	Role      string `xml:"role,attr,omitempty"`
	Narrative string `xml:"narrative,omitempty"`
}

// iatiCode is any element whose content is a code from a vocabulary.
type iatiCode struct {
	Vocabulary string `xml:"vocabulary,attr,omitempty"`
	Code       string `xml:"code,attr"`
}

type iatiDate struct {
	Type      string `xml:"type,attr"`
	ISODate   string `xml:"iso-date,attr"`
	Narrative string `xml:"narrative,omitempty"` // the month as written, when the day is not known
}

// iatiPlace is a recipient-country or recipient-region.
type iatiPlace struct {
	Code          string `xml:"code,attr"`
	Vocabulary    string `xml:"vocabulary,attr,omitempty"`
	VocabularyURI string `xml:"vocabulary-uri,attr,omitempty"`
	Percentage    string `xml:"percentage,attr,omitempty"`
	Narrative     string `xml:"narrative,omitempty"`
}

type iatiBudget struct {
	Type        string    `xml:"type,attr"`
	Status      string    `xml:"status,attr"`
	PeriodStart iatiDay   `xml:"period-start"`
	PeriodEnd   iatiDay   `xml:"period-end"`
	Value       iatiValue `xml:"value"`
}

type iatiDay struct {
	ISODate string `xml:"iso-date,attr"`
}

type iatiValue struct {
	Currency  string `xml:"currency,attr"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

type iatiDoc struct {
	URL      string    `xml:"url,attr"`
	Format   string    `xml:"format,attr"`
	Title    iatiText  `xml:"title"`
	Category iatiCode  `xml:"category"`
	Language *iatiCode `xml:"language"`
}
