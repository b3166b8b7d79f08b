package places

import "time"

// membership is how a group's members are known.
type membership struct {
	global bool            // no member list: Developing Countries
	every  bool            // every Member State: All Member States
	spans  map[*Place]span // member country → when it belonged
}

// span is the days a country belonged to a group: from from (inclusive)
// until until (exclusive). A zero from means since before any project; a
// zero until means it still belongs (a future until is a scheduled exit).
type span struct {
	from, until time.Time
}

// overlaps reports whether the span shares a day with [from, to], both
// inclusive days (as day gives them); a zero to means open-ended.
func (s span) overlaps(from, to time.Time) bool {
	startsInTime := to.IsZero() || s.from.IsZero() || !to.Before(s.from)
	endsLate := s.until.IsZero() || from.Before(s.until)
	return startsInTime && endsLate
}

// day returns t's calendar date as midnight UTC, so times of day and zones
// never move a boundary.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Within reports whether country c belonged to g at any time in [from, to]:
// inclusive days, with a zero to meaning open-ended. g may be the world or an
// M49 region (the static hierarchy, so the dates do not matter), or a group
// (LDC membership is dated; the others are static). It returns false when c
// is not a country, when c == g, when to is before from, and for groups with
// no member list (see Enumerable). c and g must come from this Atlas.
func (a *Atlas) Within(c, g *Place, from, to time.Time) bool {
	from, to, ok := days(from, to)
	return ok && a.within(c, g, from, to)
}

// days turns [from, to] into calendar days; ok is false when to is before
// from.
func days(from, to time.Time) (time.Time, time.Time, bool) {
	from = day(from)
	if to.IsZero() {
		return from, to, true
	}
	to = day(to)
	return from, to, !to.Before(from)
}

// within is Within for days as days gives them.
func (a *Atlas) within(c, g *Place, from, to time.Time) bool {
	if c == nil || g == nil || c == g || c.Kind != Country {
		return false
	}
	switch g.Kind {
	case Country:
		return false
	case Group:
		m := a.members[g]
		if m == nil {
			return false
		}
		s, ok := m.spans[c]
		return ok && s.overlaps(from, to)
	}
	return inRegion(c, g)
}

// inRegion reports whether region r is among p's M49 ancestors.
func inRegion(p, r *Place) bool {
	for q := p.Parent; q != nil; q = q.Parent {
		if q == r {
			return true
		}
	}
	return false
}

// Members returns the countries a project that names g in [from, to]
// reaches, sorted by name: the UN Member States that belonged to g, as
// Within decides, and were Member States, at some time in [from, to]
// (South Sudan only from 2011-07-14). Territories and observer States are
// never reached: they have a page only when a project names them. It
// returns nil for countries and for groups with no member list.
func (a *Atlas) Members(g *Place, from, to time.Time) []*Place {
	from, to, ok := days(from, to)
	if !ok {
		return nil
	}
	var out []*Place
	for _, c := range a.countries {
		if c.memberOn(to) && a.within(c, g, from, to) {
			out = append(out, c)
		}
	}
	return out
}

// Inside returns the M49 regions (not the world) whose every Member State
// belongs to g, a region or a group whose members do not change, sorted by
// name: for Africa, Northern Africa and the rest of its subregions; for
// Asia and the Pacific, Central, Eastern, South-eastern and Southern Asia,
// Oceania and its subregions (not Asia, whose Western Asia is in ESCWA's
// region). Territories do not count, as they are never reached (Members).
// A project that names g reaches these regions. It returns nil for
// countries, for groups whose members change (the LDCs, All Member
// States) and for those with no member list.
func (a *Atlas) Inside(g *Place) []*Place { return a.inside[g] }

// regionsInside works out Inside for every place, once.
func (a *Atlas) regionsInside() map[*Place][]*Place {
	countries := map[*Place][]*Place{} // region → its Member States
	for _, c := range a.countries {
		if c.UN != MemberState {
			continue
		}
		for q := c.Parent; q != nil; q = q.Parent {
			countries[q] = append(countries[q], c)
		}
	}
	static := func(g *Place) bool {
		if g.Kind != Group {
			return true
		}
		m := a.members[g]
		if m == nil || m.global {
			return false
		}
		for _, s := range m.spans {
			if !s.from.IsZero() || !s.until.IsZero() {
				return false
			}
		}
		return true
	}
	out := map[*Place][]*Place{}
	for _, g := range append(a.Regions(), a.groups...) {
		if !static(g) {
			continue
		}
		for _, r := range a.regions {
			if r == g || r.Kind == World || len(countries[r]) == 0 {
				continue
			}
			all := true
			for _, c := range countries[r] {
				if !a.within(c, g, time.Time{}, time.Time{}) {
					all = false
					break
				}
			}
			if all {
				out[g] = append(out[g], r)
			}
		}
	}
	return out
}

// Enumerable reports whether g has a known member list: true for the world,
// M49 regions and groups with members, false for countries and for the
// global group Developing Countries, which has no UN list.
func (a *Atlas) Enumerable(g *Place) bool {
	if g == nil {
		return false
	}
	switch g.Kind {
	case Country:
		return false
	case Group:
		m := a.members[g]
		return m != nil && !m.global
	}
	return true
}

// Gathers reports whether a project that names one of g's countries
// belongs on g's page too, as a project in Kenya does on Eastern Africa's:
// true for the regions and the groups with a member list but All Member
// States, whose page would otherwise list every project in any State.
func (a *Atlas) Gathers(g *Place) bool {
	if !a.Enumerable(g) {
		return false
	}
	m := a.members[g]
	return m == nil || !m.every
}
