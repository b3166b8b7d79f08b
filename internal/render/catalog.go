package render

// The message catalog: every word of the interface that a layout does not
// write literally, and every word Go puts on a page.

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"portfolio/internal/content"
	"portfolio/internal/diag"
)

const catalogDir = "translations"

// A Catalog holds the interface's messages in one language, read from
// translations/<language>.yaml: a flat map of keys to messages. A message
// is a string with {name} placeholders, or, when it depends on a number,
// a map of CLDR plural categories (zero, one, two, few, many, other; other
// required) chosen by its {count}. Numbers given as arguments are written
// with the language's digits and grouping; years and days are given as
// text, and so are not grouped.
type Catalog struct {
	path    string // translations/en.yaml
	source  string // its text, for the memo's keys
	lang    language.Tag
	numbers *message.Printer
	latin   bool                              // the language writes numbers in the digits 0 to 9
	msgs    map[string]map[plural.Form]string // a plain message has only Other
}

// categories are the CLDR plural categories a message may have.
var categories = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other,
}

// LoadCatalog reads the catalog of lang from fsys, as Load does.
func LoadCatalog(fsys fs.FS, lang string) (*Catalog, diag.List) {
	var l diag.List
	c := loadCatalog(fsys, lang, &l)
	return c, l
}

// loadCatalog reads the catalog of lang from fsys. Its errors are located
// at the line of the catalog they concern.
func loadCatalog(fsys fs.FS, lang string, l *diag.List) *Catalog {
	if lang == "" {
		lang = "en"
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	c := &Catalog{path: catalogDir + "/" + lang + ".yaml", lang: tag, numbers: message.NewPrinter(tag), msgs: map[string]map[plural.Form]string{}}
	c.latin = c.numbers.Sprint(number.Decimal(123)) == "123"
	src, err := fs.ReadFile(fsys, c.path)
	if err != nil {
		l.Errorf(c.path, diag.Pos{}, "cannot read the messages of the site's language %q (site.yaml's language): %v; start from translations/en.yaml", lang, err)
		return c
	}
	c.source = string(src)
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		l.Errorf(c.path, diag.Pos{}, "not YAML: %v", err)
		return c
	}
	if len(doc.Content) == 0 {
		return c
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		l.Errorf(c.path, diag.Pos{Line: top.Line, Col: top.Column}, "a catalog is a map of keys to messages")
		return c
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		forms := map[plural.Form]string{}
		switch v.Kind {
		case yaml.ScalarNode:
			forms[plural.Other] = v.Value
		case yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				form, ok := categories[v.Content[j].Value]
				if !ok {
					l.Errorf(c.path, diag.Pos{Line: v.Content[j].Line, Col: v.Content[j].Column}, "%q is no plural category; use zero, one, two, few, many or other", v.Content[j].Value)
					continue
				}
				forms[form] = v.Content[j+1].Value
			}
			if _, ok := forms[plural.Other]; !ok {
				l.Errorf(c.path, diag.Pos{Line: k.Line, Col: k.Column}, "plural message %q needs an \"other\" form", k.Value)
			}
		default:
			l.Errorf(c.path, diag.Pos{Line: v.Line, Col: v.Column}, "message %q is neither text nor a map of plural forms", k.Value)
			continue
		}
		if _, dup := c.msgs[k.Value]; dup {
			l.Errorf(c.path, diag.Pos{Line: k.Line, Col: k.Column}, "message %q is given twice", k.Value)
		}
		c.msgs[k.Value] = forms
		// A message Go asks for may hold only the placeholders Go fills.
		if args, ok := goMessages()[k.Value]; ok {
			for _, form := range forms {
				for _, p := range placeholder.FindAllString(form, -1) {
					if !slices.Contains(strings.Fields(args), p[1:len(p)-1]) {
						l.Errorf(c.path, diag.Pos{Line: k.Line, Col: k.Column}, "message %q has no placeholder %s; it may use {%s}", k.Value, p, strings.Join(strings.Fields(args), "}, {"))
					}
				}
			}
		}
	}
	var missing []string
	for _, key := range slices.Sorted(maps.Keys(goMessages())) {
		if !c.has(key) {
			missing = append(missing, strconv.Quote(key))
		}
	}
	if len(missing) > 0 {
		l.Errorf(c.path, diag.Pos{}, "lacks messages the pages need: %s", strings.Join(missing, ", "))
	}
	return c
}

// goMessages gives the keys of the messages Go asks for (must), rather
// than the layouts, each with the placeholders Go fills in.
func goMessages() map[string]string {
	m := map[string]string{
		"money": "amount", "date.month": "month year", "date.day": "day month year",
		"not-stated": "", "list.separator": "", "reached-through": "places",
		"timeframe": "start end", "timeframe.open": "start",
		"duration.months": "count", "duration.years": "count", "duration.years-months": "years months",
		"title.current": "", "title.past": "", "title.upcoming": "", "title.countries": "", "title.funders": "",
		"title.years": "", "title.data": "", "title.accessibility": "", "title.404": "", "title.projects": "",
		"title.page": "title page", "title.funder": "funder", "title.year": "year",
		"description.place": "division place direct reached", "description.funder": "funder count budget",
	}
	for month := 1; month <= 12; month++ {
		m["month."+strconv.Itoa(month)] = ""
	}
	return m
}

// has reports whether the catalog has a message for key.
func (c *Catalog) has(key string) bool { _, ok := c.msgs[key]; return ok }

// placeholder finds {name} in a message.
var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// isName reports whether s is a placeholder's name, as placeholder has it.
func isName(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == ""
}

// T returns the message for key with its placeholders filled from args,
// given as name, value pairs. An int is written as a number of the
// language; a plural message takes its form from the int named count.
func (c *Catalog) T(key string, args ...any) (string, error) {
	forms, ok := c.msgs[key]
	if !ok {
		return "", fmt.Errorf("no message %q in %s", key, c.path)
	}
	if len(args)%2 != 0 {
		return "", fmt.Errorf("message %q: arguments come in name, value pairs", key)
	}
	arg := func(name string) (any, bool) {
		for i := 0; i < len(args); i += 2 {
			if args[i] == name {
				return args[i+1], true
			}
		}
		return nil, false
	}
	msg := forms[plural.Other]
	if n, ok := arg("count"); ok && len(forms) > 1 {
		if n, ok := n.(int); ok {
			if s, ok := forms[plural.Cardinal.MatchPlural(c.lang, max(n, -n), 0, 0, 0, 0)]; ok {
				msg = s
			}
		}
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(msg, '{')
		if open < 0 {
			break
		}
		name, _, closed := strings.Cut(msg[open+1:], "}")
		if !closed || !isName(name) { // a brace of the text
			b.WriteString(msg[:open+1])
			msg = msg[open+1:]
			continue
		}
		v, ok := arg(name)
		if !ok {
			return "", fmt.Errorf("message %q: no value given for {%s}", key, name)
		}
		b.WriteString(msg[:open])
		if n, ok := v.(int); ok {
			b.WriteString(c.number(n))
		} else {
			fmt.Fprint(&b, v)
		}
		msg = msg[open+len(name)+2:]
	}
	b.WriteString(msg)
	return b.String(), nil
}

// must is T for the messages Go asks for (goMessages), whose presence and
// placeholders loadCatalog checks; should one fail all the same, the page
// shows its key.
func (c *Catalog) must(key string, args ...any) string {
	s, err := c.T(key, args...)
	if err != nil {
		return key
	}
	return s
}

// number writes n with the language's digits and grouping: "1,234".
func (c *Catalog) number(n int) string {
	if c.latin && n >= 0 && n < 1000 { // most numbers: no grouping to do
		return strconv.Itoa(n)
	}
	return c.numbers.Sprint(number.Decimal(n))
}

// Money writes an amount: "US$ 1,234", "US$ 1,234.50"; exactly below
// 90 trillion dollars, where cents still fit a float64.
func (c *Catalog) Money(m content.Money) string {
	u := uint64(m)
	if m < 0 {
		u = -u
	}
	var amount string
	if u%100 == 0 {
		amount = c.numbers.Sprint(number.Decimal(u / 100))
	} else {
		amount = c.numbers.Sprint(number.Decimal(float64(u)/100, number.Scale(2)))
	}
	if m < 0 {
		amount = "-" + amount
	}
	return c.must("money", "amount", amount)
}

// Date writes a date as the catalog's date.month or date.day does:
// "December 2019", "5 December 2019"; the zero date as "".
func (c *Catalog) Date(d content.Date) string {
	if d.IsZero() {
		return ""
	}
	month := c.must("month." + strconv.Itoa(int(d.Month)))
	if d.Day == 0 {
		return c.must("date.month", "month", month, "year", strconv.Itoa(d.Year))
	}
	return c.must("date.day", "day", strconv.Itoa(d.Day), "month", month, "year", strconv.Itoa(d.Year))
}

// Day writes a day: "29 November 2026".
func (c *Catalog) Day(t time.Time) string {
	return c.Date(content.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()})
}

// Script gives the messages of keys, as JSON for a page's script: each
// plain message a string, each plural one an object of its forms. A key
// ending in "." stands for every key it begins.
func (c *Catalog) Script(keys ...string) (template.JS, error) {
	out := map[string]any{}
	names := map[plural.Form]string{}
	for name, form := range categories {
		names[form] = name
	}
	for _, key := range keys {
		matched := false
		for k, forms := range c.msgs {
			if k != key && !(strings.HasSuffix(key, ".") && strings.HasPrefix(k, key)) {
				continue
			}
			matched = true
			if len(forms) == 1 {
				out[k] = forms[plural.Other]
				continue
			}
			m := map[string]string{}
			for f, s := range forms {
				m[names[f]] = s
			}
			out[k] = m
		}
		if !matched {
			return "", fmt.Errorf("no message %q in %s", key, c.path)
		}
	}
	b, err := json.Marshal(out) // sorted keys; <, > and & escaped
	return template.JS(b), err
}

// keys lists the catalog's keys, sorted.
func (c *Catalog) keys() []string { return slices.Sorted(maps.Keys(c.msgs)) }

// usedKey finds a key a layout names literally: {{t "key" ...}}.
var usedKey = regexp.MustCompile(`\bt "([^"]+)"`)

// lintKeys reports each key a layout names that the catalog lacks, at its
// line and column, so that a missing message fails the build before any
// page renders.
func (c *Catalog) lintKeys(name, src string, l *diag.List) {
	if c.source == "" {
		return // the catalog's own error says why
	}
	for _, m := range usedKey.FindAllStringSubmatchIndex(src, -1) {
		key := src[m[2]:m[3]]
		if c.has(key) {
			continue
		}
		line := 1 + strings.Count(src[:m[0]], "\n")
		col := m[0] - strings.LastIndex(src[:m[0]], "\n")
		l.Errorf(name, diag.Pos{Line: line, Col: col}, "no message %q in %s; add it there%s", key, c.path, diag.DidYouMean(key, c.keys()))
	}
}
