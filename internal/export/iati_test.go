package export_test

import (
	"encoding/xml"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"portfolio/internal/export"
	"portfolio/internal/site"
)

// node is any XML element, for reading the IATI file without the export's
// own types.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) all(name string) []node {
	var out []node
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			out = append(out, c)
		}
	}
	return out
}

func (n node) one(name string) node {
	if all := n.all(name); len(all) > 0 {
		return all[0]
	}
	return node{}
}

func (n node) narrative() string { return n.one("narrative").Text }

// iatiOrder is the element sequence of iati-activity in the IATI 2.03
// schema; an activity's children must follow it.
var iatiOrder = []string{
	"iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier",
	"activity-status", "activity-date", "contact-info", "activity-scope", "recipient-country",
	"recipient-region", "location", "sector", "tag", "country-budget-items", "humanitarian-scope",
	"policy-marker", "collaboration-type", "default-flow-type", "default-finance-type",
	"default-aid-type", "default-tied-status", "budget", "planned-disbursement", "capital-spend",
	"transaction", "document-link", "related-activity", "legacy-data", "conditions", "result",
	"crs-add", "fss",
}

// decodeIATI checks that the file is well-formed XML with a declaration and
// returns its root.
func decodeIATI(t *testing.T, s *site.Site) node {
	t.Helper()
	data, err := export.IATI(s, orgRef, "UN DESA")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), `<?xml version="1.0" encoding="UTF-8"?>`+"\n") {
		t.Errorf("iati-activities.xml does not start with an XML declaration")
	}
	var root node
	if err := xml.Unmarshal(data, &root); err != nil {
		t.Fatalf("iati-activities.xml is not well-formed: %v", err)
	}
	if root.XMLName.Local != "iati-activities" || root.attr("version") != "2.03" || root.attr("generated-datetime") != "2026-11-29T00:00:00Z" {
		t.Errorf("root = <%s version=%q generated-datetime=%q>", root.XMLName.Local, root.attr("version"), root.attr("generated-datetime"))
	}
	return root
}

// activityOf sums up an activity in the form the tables below expect.
type activityOf struct {
	status    string
	dates     []string // type=iso-date, then "(narrative)" when there is one
	countries []string // code or code:percentage
	regions   []string // vocabulary/code, then :percentage when there is one
	budgets   []string // value currency from..to@value-date
}

func summarise(a node) activityOf {
	out := activityOf{status: a.one("activity-status").attr("code")}
	for _, d := range a.all("activity-date") {
		s := d.attr("type") + "=" + d.attr("iso-date")
		if n := d.narrative(); n != "" {
			s += " (" + n + ")"
		}
		out.dates = append(out.dates, s)
	}
	pct := func(n node) string {
		if p := n.attr("percentage"); p != "" {
			return ":" + p
		}
		return ""
	}
	for _, c := range a.all("recipient-country") {
		out.countries = append(out.countries, c.attr("code")+pct(c))
	}
	for _, r := range a.all("recipient-region") {
		out.regions = append(out.regions, r.attr("vocabulary")+"/"+r.attr("code")+pct(r))
	}
	for _, b := range a.all("budget") {
		v := b.one("value")
		out.budgets = append(out.budgets, v.Text+" "+v.attr("currency")+" "+b.one("period-start").attr("iso-date")+".."+
			b.one("period-end").attr("iso-date")+"@"+v.attr("value-date"))
	}
	return out
}

// checkActivities checks what every activity must have and returns them by
// identifier.
func checkActivities(t *testing.T, s *site.Site, root node, lang string) map[string]node {
	t.Helper()
	acts := root.all("iati-activity")
	if len(acts) != len(s.Projects) {
		t.Fatalf("%d activities, want one per project (%d)", len(acts), len(s.Projects))
	}
	byID := map[string]node{}
	// An activity's last update is its project's last change, or the build
	// date for a project with none.
	updated := map[string]string{}
	for _, p := range s.Projects {
		updated[orgRef+"-"+p.Slug] = "2026-11-29T00:00:00Z"
		if !p.Modified.IsZero() {
			updated[orgRef+"-"+p.Slug] = p.Modified.Format(time.RFC3339)
		}
	}
	for _, a := range acts {
		id := a.one("iati-identifier").Text
		if !strings.HasPrefix(id, orgRef+"-") {
			t.Errorf("identifier %q does not start with the reporting organisation's %q", id, orgRef+"-")
		}
		byID[id] = a
		if a.attr("default-currency") != "USD" || a.attr("lang") != lang || a.attr("last-updated-datetime") != updated[id] {
			t.Errorf("%s: attributes %v", id, a.Attrs)
		}
		if org := a.one("reporting-org"); org.attr("ref") != orgRef || org.attr("type") != "40" || org.narrative() != "UN DESA" {
			t.Errorf("%s: reporting-org %v %q", id, org.Attrs, org.narrative())
		}
		last := -1
		for _, c := range a.Nodes {
			i := slices.Index(iatiOrder, c.XMLName.Local)
			if i < last {
				t.Errorf("%s: <%s> is out of the schema's order", id, c.XMLName.Local)
			}
			last = i
		}
		for _, name := range []string{"iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status", "activity-date", "sector"} {
			if len(a.all(name)) == 0 {
				t.Errorf("%s: no <%s>", id, name)
			}
		}
		if a.one("title").narrative() == "" || a.one("description").narrative() == "" {
			t.Errorf("%s: empty title or description", id)
		}
		if sec := a.one("sector"); sec.attr("vocabulary") != "1" || sec.attr("code") != "15110" {
			t.Errorf("%s: sector %v, want the DAC 15110 default", id, sec.Attrs)
		}
	}
	var titles, want []string
	for _, a := range acts {
		titles = append(titles, a.one("title").narrative())
	}
	ps := slices.Clone(s.Projects)
	slices.SortFunc(ps, func(a, b *site.Project) int { return strings.Compare(a.Slug, b.Slug) })
	for _, p := range ps {
		want = append(want, p.Title)
	}
	if !slices.Equal(titles, want) {
		t.Errorf("activities are not in the projects' slug order:\n got %q\nwant %q", titles, want)
	}
	return byID
}

// TestIATIReal checks the real site's activities against values read from
// its content files.
func TestIATIReal(t *testing.T) {
	s := realSite(t)
	byID := checkActivities(t, s, decodeIATI(t, s), "en")
	for _, tt := range []struct {
		id   string
		want activityOf
	}{
		{"togo-public-administration-reform-2009-2010", activityOf{"4",
			[]string{"1=2009-01-01 (January 2009)", "2=2009-01-01 (January 2009)", "3=2010-12-31 (December 2010)", "4=2010-12-31 (December 2010)"},
			[]string{"TG"}, nil, []string{"175909 USD 2009-01-01..2009-12-31@2009-01-01", "175909 USD 2010-01-01..2010-12-31@2010-01-01"}}},
		{"astana-economic-forum-2015", activityOf{"4",
			[]string{"1=2014-08-01 (August 2014)", "2=2014-08-01 (August 2014)", "3=2014-12-31 (December 2014)", "4=2014-12-31 (December 2014)"},
			[]string{"KZ"}, nil, []string{"442451 USD 2014-08-01..2014-12-31@2014-08-01"}}},
		{"egov-data-ldcs-2017-2019", activityOf{"4", // code 1617B: identifiers use the slug
			[]string{"1=2017-01-01 (January 2017)", "2=2017-01-01 (January 2017)", "3=2019-12-31 (December 2019)", "4=2019-12-31 (December 2019)"},
			[]string{"BD"}, nil, nil}},
		{"public-service-innovation-ldcs-2014-2016", activityOf{"4",
			[]string{"1=2014-06-01 (June 2014)", "2=2014-06-01 (June 2014)", "3=2016-12-31 (December 2016)", "4=2016-12-31 (December 2016)"},
			[]string{"BD:25", "NP:25", "PA:25", "UY:25"}, nil, []string{ // 7, 12 and 12 months: the cent left over goes to 2016
				"133677.41 USD 2014-06-01..2014-12-31@2014-06-01", "229161.29 USD 2015-01-01..2015-12-31@2015-01-01", "229161.30 USD 2016-01-01..2016-12-31@2016-01-01"}}},
		{"african-parliaments-2005-2013", activityOf{"4",
			[]string{"1=2005-05-01 (May 2005)", "2=2005-05-01 (May 2005)", "3=2013-06-30 (June 2013)", "4=2013-06-30 (June 2013)"},
			nil, []string{"2/002"}, []string{ // 8, 7×12 and 6 of 98 months; 5 cents left over
				"501618.85 USD 2005-05-01..2005-12-31@2005-05-01",
				"752428.28 USD 2006-01-01..2006-12-31@2006-01-01", "752428.28 USD 2007-01-01..2007-12-31@2007-01-01",
				"752428.28 USD 2008-01-01..2008-12-31@2008-01-01", "752428.28 USD 2009-01-01..2009-12-31@2009-01-01",
				"752428.28 USD 2010-01-01..2010-12-31@2010-01-01", "752428.28 USD 2011-01-01..2011-12-31@2011-01-01",
				"752428.28 USD 2012-01-01..2012-12-31@2012-01-01", "376214.19 USD 2013-01-01..2013-06-30@2013-01-01"}}},
	} {
		a, ok := byID[orgRef+"-"+tt.id]
		if !ok {
			t.Errorf("no activity %s-%s", orgRef, tt.id)
			continue
		}
		if got := summarise(a); !sameActivity(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.id, got, tt.want)
		}
	}
	for id, want := range map[string][]string{
		"e-participation-2013-2015":         {"2/199"},           // Least Developed Countries
		"governance-hub-korea-2006-2016":    {"99/asia-pacific"}, // Asia and the Pacific: ESCAP's region, in the own vocabulary
		"igf-brazil-2014-2016":              {"1/998"},           // Developing Countries
		"igf-development-account-2011-2015": {"2/001"},           // All Member States
	} {
		if got := summarise(byID[orgRef+"-"+id]).regions; !slices.Equal(got, want) {
			t.Errorf("%s: regions %q, want %q", id, got, want)
		}
	}
	for id, a := range byID {
		if len(a.all("document-link")) > 0 {
			t.Errorf("%s: document-link with a root-relative base_url", id)
		}
	}
}

// TestIATIHand checks the edge cases.
func TestIATIHand(t *testing.T) {
	s := handSite(t)
	byID := checkActivities(t, s, decodeIATI(t, s), "fr")
	for _, tt := range []struct {
		id   string
		want activityOf
	}{
		{"a-cents", activityOf{"4", // code QX-1: identifiers use the slug
			[]string{"1=2020-02-15", "2=2020-02-15", "3=2021-02-28 (February 2021)", "4=2021-02-28 (February 2021)"},
			[]string{"CI:33.34", "KZ:33.33", "ST:33.33"}, nil, []string{ // 11 and 2 of 13 months
				"1044634.36 USD 2020-02-15..2020-12-31@2020-02-15", "189933.53 USD 2021-01-01..2021-02-28@2021-01-01"}}},
		{"b-open", activityOf{"2",
			[]string{"1=2025-03-01 (March 2025)", "2=2025-03-01 (March 2025)"},
			nil, []string{"2/199:50", "2/002:50"}, nil}},
		{"c-upcoming", activityOf{"1",
			[]string{"1=2027-01-10", "3=2028-12-31 (December 2028)"},
			nil, []string{"99/asia-pacific:100", "1/998:100"}, // alone in their vocabularies
			[]string{"2500 USD 2027-01-10..2027-12-31@2027-01-10", "2500 USD 2028-01-01..2028-12-31@2028-01-01"}}},
		{"d-override", activityOf{"4", // past by the file, though its end is still to come: no actual end
			[]string{"1=2024-01-01 (January 2024)", "2=2024-01-01 (January 2024)", "3=2027-06-30 (June 2027)"},
			[]string{"TG"}, nil, []string{"0 USD 2024-01-01..2024-12-31@2024-01-01", "0 USD 2025-01-01..2025-12-31@2025-01-01",
				"0 USD 2026-01-01..2026-12-31@2026-01-01", "0 USD 2027-01-01..2027-06-30@2027-01-01"}}},
		{"e-groups", activityOf{"4",
			[]string{"1=2015-01-01 (January 2015)", "2=2015-01-01 (January 2015)", "3=2015-12-31 (December 2015)", "4=2015-12-31 (December 2015)"},
			nil, []string{"2/001:33.34", "2/722:33.33", "2/432:33.33"}, []string{"605153 USD 2015-01-01..2015-12-31@2015-01-01"}}},
	} {
		a, ok := byID[orgRef+"-"+tt.id]
		if !ok {
			t.Errorf("no activity %s-%s", orgRef, tt.id)
			continue
		}
		if got := summarise(a); !sameActivity(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.id, got, tt.want)
		}
	}

	a := byID[orgRef+"-a-cents"]
	if got := a.one("title").narrative(); got != `Çà et là: "quoted", commas, semi; colons — São Tomé` {
		t.Errorf("title = %q", got)
	}
	var orgs []string
	for _, o := range a.all("participating-org") {
		orgs = append(orgs, o.attr("role")+" "+o.attr("ref")+" "+o.attr("type")+" "+o.narrative())
	}
	wantOrgs := []string{
		"1   Fonds d'affectation spéciale, Genève",
		"4 XM-TEST-1 40 Division for Public Institutions and Digital Government",
		"4   UN-Women",
		`4   ITU, UNDP and "friends"`,
	}
	if !slices.Equal(orgs, wantOrgs) {
		t.Errorf("participating-org:\n got %q\nwant %q", orgs, wantOrgs)
	}
	var tags []string
	for _, g := range a.all("tag") {
		tags = append(tags, g.attr("vocabulary")+"/"+g.attr("code"))
	}
	if !slices.Equal(tags, []string{"2/16", "2/17"}) {
		t.Errorf("tags = %q, want SDGs 16 and 17", tags)
	}
	var docs []string
	for _, d := range a.all("document-link") {
		docs = append(docs, d.attr("url")+" "+d.attr("format")+" "+d.one("category").attr("code"))
	}
	wantDocs := []string{
		"https://example.org/sub/projects/a-cents/ text/html A12",
		"https://example.org/report.pdf?x=1 application/pdf A12",
	}
	if !slices.Equal(docs, wantDocs) {
		t.Errorf("document-link:\n got %q\nwant %q", docs, wantDocs)
	}
	if got := byID[orgRef+"-d-override"].all("participating-org")[1].narrative(); got != "DISD" {
		t.Errorf("d-override: implementing division %q, want DISD as the file gives it", got)
	}
}

func sameActivity(a, b activityOf) bool {
	return a.status == b.status && slices.Equal(a.budgets, b.budgets) && slices.Equal(a.dates, b.dates) &&
		slices.Equal(a.countries, b.countries) && slices.Equal(a.regions, b.regions)
}

// TestIATIErrors checks the refusals of an unusable organisation
// identifier, and that projects sharing a code still get activities of
// their own (identifiers come from slugs).
func TestIATIErrors(t *testing.T) {
	s := handSite(t)
	for _, ref := range []string{"", "XM TEST"} {
		if _, err := export.IATI(s, ref, ""); err == nil || !strings.Contains(err.Error(), "iati_org_ref") {
			t.Errorf("IATI(orgRef %q): err = %v, want one pointing at iati_org_ref", ref, err)
		}
	}
	ps := handProjects()
	ps[1].Code = "1617B" // c-upcoming's code
	if _, err := export.IATI(handSite(t, ps...), orgRef, ""); err != nil {
		t.Errorf("IATI with a shared code: err = %v", err)
	}
}

// TestIATIOrganisation checks the organisation file of the real site: its
// identifiers, and a total budget for each year that is the sum of the
// activities' budgets in that year, to the cent.
func TestIATIOrganisation(t *testing.T) {
	s := realSite(t)
	s.Settings.IATIOrgRef = orgRef
	files, err := export.Files(s, orgRef, "UN DESA")
	if err != nil {
		t.Fatal(err)
	}
	var acts, org node
	for _, f := range files {
		switch f.Path {
		case export.IATIPath:
			err = xml.Unmarshal(f.Data, &acts)
		case export.IATIOrgPath:
			err = xml.Unmarshal(f.Data, &org)
		}
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
	}
	o := org.one("iati-organisation")
	if o.one("organisation-identifier").Text != orgRef || o.one("reporting-org").attr("ref") != orgRef || o.one("name").narrative() != "UN DESA" {
		t.Errorf("organisation %q, reporting-org %v, name %q", o.one("organisation-identifier").Text, o.one("reporting-org").Attrs, o.one("name").narrative())
	}
	want := map[string]int64{} // year → cents
	for _, a := range acts.all("iati-activity") {
		for _, b := range a.all("budget") {
			want[b.one("period-start").attr("iso-date")[:4]] += cents(t, b.one("value").Text)
		}
	}
	got := map[string]int64{}
	for _, b := range o.all("total-budget") {
		year := b.one("period-start").attr("iso-date")[:4]
		if b.attr("status") != "1" || b.one("period-end").attr("iso-date") != year+"-12-31" || b.one("value").attr("currency") != "USD" {
			t.Errorf("total-budget %s: status %q, ends %s", year, b.attr("status"), b.one("period-end").attr("iso-date"))
		}
		got[year] += cents(t, b.one("value").Text)
	}
	if len(want) == 0 || !maps.Equal(got, want) {
		t.Errorf("total budgets by year:\n got %v\nwant %v (the activities' budgets)", got, want)
	}
	s.Settings.IATIOrgRef = ""
	if files, _ := export.Files(s, orgRef, ""); slices.ContainsFunc(files, func(f export.File) bool { return f.Path == export.IATIOrgPath }) {
		t.Errorf("%s written without iati_org_ref", export.IATIOrgPath)
	}
}

// cents reads an amount such as "1234.5" or "12" as cents.
func cents(t *testing.T, amount string) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(amount, ".")
	n, err := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	if err != nil {
		t.Fatalf("amount %q: %v", amount, err)
	}
	return n
}
