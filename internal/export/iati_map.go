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
		LastUpdated:  stamp(s),
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
	if p.HasBudget && !p.End.IsZero() {
		start := p.Start.First().Format(time.DateOnly)
		a.Budgets = []iatiBudget{{
			Type: budgetOriginal, Status: budgetIndicative,
			PeriodStart: iatiDay{start},
			PeriodEnd:   iatiDay{p.End.Last().Format(time.DateOnly)},
			Value:       iatiValue{Currency: "USD", ValueDate: start, Amount: hundredths(int64(p.Budget))},
		}}
	}
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
// recipient-region in the M49 vocabulary, and groups as groupRegions says. When there is more
// than one, the standard requires percentages adding up to 100; the content
// does not say how a project divides among its places, so they share
// equally.
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
			regions = append(regions, groupRegions(s, pl)...)
		default:
			regions = append(regions, iatiPlace{Code: pl.M49, Vocabulary: vocabM49, Narrative: pl.Name})
		}
	}
	if n := len(countries) + len(regions); n > 1 {
		shares := split(n)
		for i := range countries {
			countries[i].Percentage = shares[i]
		}
		for i := range regions {
			regions[i].Percentage = shares[len(countries)+i]
		}
	}
	return countries, regions
}

// groupRegions maps a group to IATI regions. M49 itself codes three of the
// groups; "Developing Countries" is the OECD DAC region 998, "Developing
// countries, unspecified"; "All Member States" is approximated by M49's
// World. Any other group — Asia and the Pacific, ESCAP's region, which
// neither vocabulary codes (M49 Asia takes in Western Asia, ESCWA's) — is
// reported in the reporting organisation's own vocabulary by its code,
// defined by its page when the site has an absolute URL.
func groupRegions(s *site.Site, g *site.Place) []iatiPlace {
	m49 := func(code, name string) iatiPlace { return iatiPlace{Code: code, Vocabulary: vocabM49, Narrative: name} }
	switch g.Code {
	case "ldc":
		return []iatiPlace{m49("199", g.Name)}
	case "lldc":
		return []iatiPlace{m49("432", g.Name)}
	case "sids":
		return []iatiPlace{m49("722", g.Name)}
	case "developing":
		return []iatiPlace{{Code: "998", Vocabulary: vocabDAC, Narrative: g.Name}}
	case "all-member-states":
		return []iatiPlace{m49("001", g.Name)}
	}
	own := iatiPlace{Code: g.Code, Vocabulary: vocabOwn, Narrative: g.Name}
	if absolute(s) {
		own.VocabularyURI = link(s, g.URL)
	}
	return []iatiPlace{own}
}

// split divides 100 into n shares with two decimals that add up to exactly
// 100, the first ones a hundredth larger when it does not divide evenly.
func split(n int) []string {
	base, extra := 10000/n, 10000%n
	out := make([]string, n)
	for i := range out {
		h := base
		if i < extra {
			h++
		}
		out[i] = hundredths(int64(h))
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
