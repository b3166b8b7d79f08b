package places

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// data holds the embedded CSV files described in the package comment. It is
// read-only, so it is not mutable state.
//
//go:embed data/*.csv
var data embed.FS

// Load parses the embedded data and builds an Atlas. An error means the
// embedded data is inconsistent (a bug in this package, caught by its
// tests), and names the file and line.
func Load() (*Atlas, error) {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		return nil, err
	}
	return load(sub)
}

// load builds an Atlas from the CSV files in fsys. Tests use it to check
// that bad data is refused.
func load(fsys fs.FS) (*Atlas, error) {
	a := &Atlas{
		bySlug:    make(map[string]*Place, 300),
		byKey:     make(map[string]*Place, 1200),
		ambiguous: map[string][]*Place{},
		members:   map[*Place]*membership{},
		aliases:   map[*Place][]string{},
	}
	l := &loader{Atlas: a, fsys: fsys, byCode: map[string]*Place{}}
	steps := []struct {
		file string
		read func(*table) error
	}{
		{"m49.csv", l.readAreas},
		{"un-members.csv", l.readUN},
		{"tiles.csv", l.readTiles},
		{"groups.csv", l.readGroups},
		{"aliases.csv", l.readAliases},
		{"ambiguous.csv", l.readAmbiguous},
		{"running.csv", l.readRunning},
	}
	for _, s := range steps {
		t, err := readTable(fsys, s.file)
		if err != nil {
			return nil, err
		}
		if err := s.read(t); err != nil {
			return nil, err
		}
	}
	for _, list := range [][]*Place{a.countries, a.regions, a.groups} {
		slices.SortFunc(list, byName)
	}
	a.inside = a.regionsInside()
	l.indexCountryWords()
	return a, nil
}

// loader carries what Load needs while it reads the files in order.
type loader struct {
	*Atlas
	fsys   fs.FS
	byCode map[string]*Place // M49 code, ISO alpha-3 or group code → place
}

// readAreas adds the places in m49.csv.
func (l *loader) readAreas(t *table) error {
	kinds := map[string]Kind{"world": World, "region": Region, "subregion": Subregion,
		"intermediate-region": IntermediateRegion, "country": Country}
	parents := map[*Place]string{}
	var added []*Place
	for i := range t.rows {
		kind, ok := kinds[t.get(i, "type")]
		if !ok {
			return t.errorf(i, "unknown type %q", t.get(i, "type"))
		}
		p := &Place{Kind: kind, M49: t.get(i, "m49"), Name: t.get(i, "name"),
			ISO2: t.get(i, "iso2"), ISO3: t.get(i, "iso3")}
		if kind != Country && (p.ISO2 != "" || p.ISO3 != "") || (p.ISO2 == "") != (p.ISO3 == "") {
			return t.errorf(i, "%s %q: only countries have ISO codes, and then both (Sark has neither)", kind, p.Name)
		}
		if err := l.addPlace(p, p.M49, p.ISO3); err != nil {
			return t.errorf(i, "%v", err)
		}
		if parent := t.get(i, "parent"); parent != "" || kind != World {
			parents[p] = parent
		}
		added = append(added, p)
	}
	for i, p := range added {
		if code, ok := parents[p]; ok {
			if p.Parent = l.byCode[code]; p.Parent == nil || p.Parent.Kind == Country || p.Parent.Kind == Group {
				return t.errorf(i, "%q: parent %q is not an M49 region", p.Name, code)
			}
		}
	}
	// Ancestors and Within walk parent chains, so refuse cycles here.
	for i, p := range added {
		q := p
		for n := 0; q != nil && q.Kind != World && n < 10; n++ {
			q = q.Parent
		}
		if q == nil || q.Kind != World {
			return t.errorf(i, "%q: parents do not lead to the world", p.Name)
		}
	}
	return nil
}

// readUN marks the Member States and observer States of un-members.csv,
// with the admission dates it gives. Its names must be the M49 names, so
// the two files cannot drift apart unnoticed.
func (l *loader) readUN(t *table) error {
	statuses := map[string]Status{"member": MemberState, "observer": ObserverState}
	for i := range t.rows {
		p := l.byCode[t.get(i, "iso3")]
		if p == nil || p.Kind != Country || p.M49 != t.get(i, "m49") || p.Name != t.get(i, "name") {
			return t.errorf(i, "%s %s %q is not that M49 country", t.get(i, "iso3"), t.get(i, "m49"), t.get(i, "name"))
		}
		st, ok := statuses[t.get(i, "status")]
		if !ok {
			return t.errorf(i, "status: want member or observer, got %q", t.get(i, "status"))
		}
		if p.UN != NotState {
			return t.errorf(i, "%q is listed twice", p.Name)
		}
		p.UN = st
		if v := t.get(i, "admitted_on"); v != "" {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil || st != MemberState {
				return t.errorf(i, "admitted_on: want YYYY-MM-DD for a Member State, got %q", v)
			}
			p.Admitted = d
		}
	}
	return nil
}

// addPlace registers p under its slug, codes and names.
func (l *loader) addPlace(p *Place, codes ...string) error {
	a := l.Atlas
	p.Slug = slug(p.Name)
	if q := a.bySlug[p.Slug]; q != nil {
		return fmt.Errorf("%q and %q share the slug %q", q.Name, p.Name, p.Slug)
	}
	a.bySlug[p.Slug] = p
	for _, c := range codes {
		if c == "" {
			continue
		}
		if q := l.byCode[c]; q != nil {
			return fmt.Errorf("%q and %q share the code %q", q.Name, p.Name, c)
		}
		l.byCode[c] = p
	}
	switch p.Kind {
	case Country:
		a.countries = append(a.countries, p)
	case Group:
		a.groups = append(a.groups, p)
	default:
		a.regions = append(a.regions, p)
	}
	for _, name := range []string{p.Name, p.ISO2, p.ISO3, p.M49, p.Code} {
		if err := l.addName(name, p, name == p.Name); err != nil {
			return err
		}
	}
	return nil
}

// addName indexes name as meaning p; suggest says whether to offer it in
// "did you mean" hints (names yes, codes no).
func (l *loader) addName(name string, p *Place, suggest bool) error {
	a := l.Atlas
	k := key(name)
	if name == "" || k == "" {
		return nil
	}
	if q := a.byKey[k]; q != nil && q != p {
		return fmt.Errorf("%q would mean both %q and %q", name, q.Name, p.Name)
	}
	if _, ok := a.ambiguous[k]; ok {
		return fmt.Errorf("%q is listed as ambiguous but also names %q", name, p.Name)
	}
	a.byKey[k] = p
	if suggest {
		a.names = append(a.names, nameEntry{text: name, key: k, place: p})
	}
	return nil
}

// readGroups adds the groups and their membership.
func (l *loader) readGroups(t *table) error {
	for i := range t.rows {
		g := &Place{Kind: Group, Code: t.get(i, "code"), Name: t.get(i, "name")}
		m, err := l.readMembership(t.get(i, "membership"), strings.Fields(t.get(i, "members")))
		if err != nil {
			return t.errorf(i, "group %q: %v", g.Name, err)
		}
		if err := l.addPlace(g, g.Code); err != nil {
			return t.errorf(i, "%v", err)
		}
		l.members[g] = m
	}
	return nil
}

// readMembership builds a group's membership from its groups.csv columns.
func (l *loader) readMembership(how string, codes []string) (*membership, error) {
	m := &membership{spans: map[*Place]span{}}
	switch how {
	case "global":
		m.global = true
	case "ldc":
		t, err := readTable(l.fsys, "ldc.csv")
		if err != nil {
			return nil, err
		}
		return l.readLDC(t)
	case "members":
		m.every = true
		for _, c := range l.countries {
			if c.UN == MemberState {
				m.spans[c] = span{from: c.Admitted}
			}
		}
	case "escap":
		t, err := readTable(l.fsys, "escap.csv")
		if err != nil {
			return nil, err
		}
		for i := range t.rows {
			p := l.byCode[t.get(i, "iso3")]
			if p == nil || p.Kind != Country {
				return nil, t.errorf(i, "%s %q is not an M49 country", t.get(i, "iso3"), t.get(i, "name"))
			}
			if t.get(i, "membership") == "regional member" {
				m.spans[p] = span{}
			}
		}
	case "regions", "list":
		for _, c := range codes {
			p := l.byCode[c]
			switch {
			case p == nil:
				return nil, fmt.Errorf("unknown code %q", c)
			case how == "list" && p.Kind == Country:
				m.spans[p] = span{}
			case how == "regions" && p.Kind != Country && p.Kind != Group:
				for _, q := range l.countries {
					if inRegion(q, p) {
						m.spans[q] = span{}
					}
				}
			default:
				return nil, fmt.Errorf("%q is a %s", c, p.Kind)
			}
		}
	default:
		return nil, fmt.Errorf("unknown membership %q", how)
	}
	return m, nil
}

// readLDC reads ldc.csv into dated memberships.
func (l *loader) readLDC(t *table) (*membership, error) {
	m := &membership{spans: map[*Place]span{}}
	for i := range t.rows {
		p := l.byCode[t.get(i, "iso3")]
		if p == nil || p.Kind != Country || p.Name != t.get(i, "name") {
			return nil, t.errorf(i, "%s %q is not an M49 country", t.get(i, "iso3"), t.get(i, "name"))
		}
		var s span
		for _, d := range []struct {
			col string
			to  *time.Time
		}{{"joined_ldc_on", &s.from}, {"left_ldc_on", &s.until}} {
			if v := t.get(i, d.col); v != "" {
				day, err := time.Parse(time.DateOnly, v)
				if err != nil {
					return nil, t.errorf(i, "%s: want YYYY-MM-DD, got %q", d.col, v)
				}
				*d.to = day
			}
		}
		m.spans[p] = s
	}
	return m, nil
}

// readAliases indexes the other names editors write. They are accepted,
// never shown: a reader sees the M49 name.
func (l *loader) readAliases(t *table) error {
	for i := range t.rows {
		p := l.byCode[t.get(i, "target")]
		if p == nil {
			return t.errorf(i, "unknown target %q", t.get(i, "target"))
		}
		for _, n := range strings.Split(t.get(i, "aliases"), ";") {
			n = strings.TrimSpace(n)
			if err := l.addName(n, p, true); err != nil {
				return t.errorf(i, "%v", err)
			}
			if n != "" {
				l.aliases[p] = append(l.aliases[p], n)
			}
		}
	}
	return nil
}

// readRunning records the forms countries take in running text after
// "of", where they differ from the list form: "the" before some, and the
// inverted ones put back in order.
func (l *loader) readRunning(t *table) error {
	l.running = map[*Place]string{}
	for i := range t.rows {
		p := l.byCode[t.get(i, "iso3")]
		if p == nil {
			return t.errorf(i, "unknown country %q", t.get(i, "iso3"))
		}
		l.running[p] = t.get(i, "running")
	}
	return nil
}

// readAmbiguous records names that fit several places.
func (l *loader) readAmbiguous(t *table) error {
	for i := range t.rows {
		name, k := t.get(i, "name"), key(t.get(i, "name"))
		if q := l.byKey[k]; q != nil {
			return t.errorf(i, "%q is listed as ambiguous but names %q", name, q.Name)
		}
		var cands []*Place
		for _, c := range strings.Fields(t.get(i, "targets")) {
			p := l.byCode[c]
			if p == nil {
				return t.errorf(i, "unknown target %q", c)
			}
			cands = append(cands, p)
		}
		if len(cands) < 2 {
			return t.errorf(i, "%q needs at least two targets", name)
		}
		slices.SortFunc(cands, byName)
		l.ambiguous[k] = cands
	}
	return nil
}

// table is a CSV file read whole, with columns found by header name so the
// files may gain columns without breaking the reader.
type table struct {
	path  string
	cols  map[string]int
	rows  [][]string
	lines []int
}

// readTable reads the CSV file at path in fsys.
func readTable(fsys fs.FS, path string) (*table, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 0
	r.Comment = '#' // a file's header may say where its data come from (tiles.csv)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t := &table{path: path, cols: map[string]int{}}
	for i, h := range header {
		t.cols[h] = i
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
}

// get returns row i's value in col, or "" if the column is missing.
func (t *table) get(i int, col string) string {
	if c, ok := t.cols[col]; ok {
		return strings.TrimSpace(t.rows[i][c])
	}
	return ""
}

// errorf returns an error prefixed with the file and line of row i.
func (t *table) errorf(i int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", t.path, t.lines[i], fmt.Sprintf(format, args...))
}
