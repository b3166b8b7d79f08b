package export

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"portfolio/internal/content"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

// activity maps one project to an IATI activity; the functions below it
// are the mapping's parts, each with its reasons.
func activity(s *site.Site, p *site.Project, orgRef, orgName string) iatiActivity {
	lang := language(s.Settings.Language)
	a := iatiActivity{
		LastUpdated:  lastUpdated(s, p),
		Lang:         lang,
		Currency:     "USD",
		Identifier:   identifier(orgRef, p),
		ReportingOrg: iatiOrg{Ref: orgRef, Type: orgMultilateral, Narrative: orgName},
		Title:        iatiText{Narrative: p.Title},
		Description:  iatiText{Type: "1", Narrative: description(p)},
		Status:       iatiCode{Code: activityStatus(p.Status)},
		Dates:        activityDates(p, s.AsOf),
		Sectors:      []iatiCode{{Vocabulary: vocabDAC5, Code: sectorCode}},
	}
	for _, f := range p.Funders {
		a.Participants = append(a.Participants, iatiOrg{Role: roleFunding, Narrative: f.Name})
	}
	a.Participants = append(a.Participants, iatiOrg{Ref: orgRef, Type: orgMultilateral, Role: roleImplementing, Narrative: divisionName(s, p)})
	for _, name := range p.Partners {
		a.Participants = append(a.Participants, iatiOrg{Role: roleImplementing, Narrative: name})
	}
	a.Countries, a.Regions = recipients(s, p)
	for _, g := range p.SDGs {
		a.Tags = append(a.Tags, iatiCode{Vocabulary: vocabSDG, Code: strconv.Itoa(g)})
	}
	a.Budgets = budgets(p)
	if absolute(s) {
		var docLang *iatiCode
		if lang != "" {
			docLang = &iatiCode{Code: lang}
		}
		a.Documents = append(a.Documents, iatiDoc{URL: link(s, p.URL), Format: "text/html",
			Title: iatiText{Narrative: p.Title}, Category: iatiCode{Code: docWebPage}, Language: docLang})
		if p.Link != "" {
			a.Documents = append(a.Documents, iatiDoc{URL: p.Link, Format: mediaType(p.Link),
				Title: iatiText{Narrative: p.Title}, Category: iatiCode{Code: docWebPage}})
		}
	}
	return a
}

// identifier is the activity's IATI identifier: the reporting
// organisation's, then the activity's own part.
func identifier(orgRef string, p *site.Project) string { return orgRef + "-" + localID(p) }

// localID is the activity's own part of its identifier: the slug, which
// is unique across the site and stable (a project's URL is built from it),
// and cannot hold the spaces or / & | ? that IATI identifiers may not.
// Project codes are not used: nothing makes them unique, and two projects
// sharing one would share an activity.
func localID(p *site.Project) string { return p.Slug }

// description is the activity's general description: the summary, or when
// the body has none (no paragraph, no list), its text cut short, or failing that the title,
// since IATI wants a description.
func description(p *site.Project) string {
	switch {
	case p.Summary != "":
		return p.Summary
	case p.Text != "":
		return shorten(p.Text, 1000)
	}
	return p.Title
}

// shorten cuts s at a space to at most n bytes, marking the cut with "…".
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

// activityStatus maps the site's status to the ActivityStatus codelist:
// upcoming is 1 (pipeline/identification), current 2 (implementation) and
// past 4 (closed). 3 (finalisation: physically complete, awaiting financial
// closure) is not used, since the content does not record financial closure.
func activityStatus(st content.Status) string {
	switch st {
	case content.Upcoming:
		return "1"
	case content.Past:
		return "4"
	}
	return "2"
}

// activityDates gives the planned start and end, and the actual ones once
// they have happened as of asOf: an actual start unless the project is
// upcoming, an actual end only when it is past. A month-only date becomes
// its first day (start) or last day (end), with the month as written in the
// narrative, as the standard suggests for less precise dates.
func activityDates(p *site.Project, asOf time.Time) []iatiDate {
	day := func(typ string, d content.Date, t time.Time) iatiDate {
		out := iatiDate{Type: typ, ISODate: t.Format(time.DateOnly)}
		if d.Day == 0 {
			out.Narrative = d.Words()
		}
		return out
	}
	dates := []iatiDate{day(plannedStart, p.Start, p.Start.First())}
	if p.Status != content.Upcoming && !p.Start.First().After(asOf) {
		dates = append(dates, day(actualStart, p.Start, p.Start.First()))
	}
	if !p.End.IsZero() {
		dates = append(dates, day(plannedEnd, p.End, p.End.Last()))
		if p.Status == content.Past && p.End.Last().Before(asOf) {
			dates = append(dates, day(actualEnd, p.End, p.End.Last()))
		}
	}
	return dates
}

// recipients maps the places a project lists, in order: countries to
// recipient-country by ISO alpha-2 code (or, for the few that have none,
// such as Sark, to recipient-region by their M49 code), M49 regions to
// recipient-region in the M49 vocabulary, and groups as groupRegion says.
// When there is more than one, the standard wants percentages that add up
// to 100 for the countries with the regions of each vocabulary (the
// Validator's rule 3.4.2; with countries alone, for them). The content
// does not say how a project divides among its places, so the countries
// share equally their part of all the places listed, and the regions of
// each vocabulary share equally the rest: a country, an M49 region and a
// DAC region give the country 33.33 and each region 66.67.
func recipients(s *site.Site, p *site.Project) (countries, regions []iatiPlace) {
	for _, pl := range p.Places {
		switch pl.Kind {
		case places.Country:
			if pl.ISO2 == "" {
				regions = append(regions, iatiPlace{Code: pl.M49, Vocabulary: vocabM49, Narrative: pl.Name})
				continue
			}
			countries = append(countries, iatiPlace{Code: pl.ISO2, Narrative: pl.Name})
		case places.Group:
			regions = append(regions, groupRegion(s, pl))
		default:
			regions = append(regions, iatiPlace{Code: pl.M49, Vocabulary: vocabM49, Narrative: pl.Name})
		}
	}
	n := len(countries) + len(regions)
	if n < 2 {
		return countries, regions
	}
	ofCountries := int64(10000 * len(countries) / n) // hundredths of a percent
	if len(regions) == 0 {
		ofCountries = 10000
	}
	for i, share := range split(ofCountries, len(countries)) {
		countries[i].Percentage = share
	}
	byVocabulary := map[string][]int{} // vocabulary → indexes in regions
	for i, r := range regions {
		byVocabulary[r.Vocabulary] = append(byVocabulary[r.Vocabulary], i)
	}
	for _, is := range byVocabulary {
		for j, share := range split(10000-ofCountries, len(is)) {
			regions[is[j]].Percentage = share
		}
	}
	return countries, regions
}

// groupRegion maps a group to an IATI region. M49 itself codes three of
// the groups (groupM49); "Developing Countries" is the OECD DAC region 998,
// "Developing countries, unspecified"; "All Member States" is approximated
// by M49's World. Any other group — Asia and the Pacific, ESCAP's region,
// which neither vocabulary codes (M49 Asia takes in Western Asia,
// ESCWA's) — is reported in the reporting organisation's own vocabulary by
// its code, defined by its page when the site has an absolute URL.
func groupRegion(s *site.Site, g *site.Place) iatiPlace {
	if code := groupM49(g.Code); code != "" {
		return iatiPlace{Code: code, Vocabulary: vocabM49, Narrative: g.Name}
	}
	switch g.Code {
	case "developing":
		return iatiPlace{Code: "998", Vocabulary: vocabDAC, Narrative: g.Name}
	case "all-member-states":
		return iatiPlace{Code: "001", Vocabulary: vocabM49, Narrative: g.Name}
	}
	own := iatiPlace{Code: g.Code, Vocabulary: vocabOwn, Narrative: g.Name}
	if absolute(s) {
		own.VocabularyURI = link(s, g.URL)
	}
	return own
}

// groupM49 is the M49 code of a group that M49 defines — the least
// developed countries (199), the landlocked developing countries (432) and
// the small island developing States (722) — by the group's code, else "".
func groupM49(code string) string {
	switch code {
	case "ldc":
		return "199"
	case "lldc":
		return "432"
	case "sids":
		return "722"
	}
	return ""
}

// placeM49 is the M49 code every download gives a place: its own, or for
// a group, groupM49's.
func placeM49(pl *site.Place) string {
	if pl.Kind == places.Group {
		return groupM49(pl.Code)
	}
	return pl.M49
}

// split divides total hundredths into n shares with two decimals that add
// up to exactly total, the first ones a hundredth larger when it does not
// divide evenly.
func split(total int64, n int) []string {
	out := make([]string, n)
	for i := range out {
		h := total / int64(n)
		if int64(i) < total%int64(n) {
			h++
		}
		out[i] = hundredths(h)
	}
	return out
}

// divisionName is the implementing division's name: the full name from the
// settings for the site's own division, else as the project gives it.
func divisionName(s *site.Site, p *site.Project) string {
	if p.Division == s.Settings.Division && s.Settings.DivisionName != "" {
		return s.Settings.DivisionName
	}
	return p.Division
}

// language reduces a language tag such as "en-GB" to the ISO 639-1 code
// IATI expects.
func language(tag string) string {
	code, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(code)
}

// mediaType guesses a linked document's IANA media type from its path.
func mediaType(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return "text/html"
	}
	switch strings.ToLower(path.Ext(u.Path)) {
	case ".pdf":
		return "application/pdf"
	case ".doc":
		return "application/msword"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "text/html"
}
