package render

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"portfolio/internal/content"
)

func repoCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, l := LoadCatalog(os.DirFS("../.."), "en")
	if l.HasErrors() {
		t.Fatal(l.Err())
	}
	return c
}

func TestCatalogMoney(t *testing.T) {
	c := repoCatalog(t)
	for _, tt := range []struct {
		m    content.Money
		want string
	}{
		{0, "US$ 0"},
		{1, "US$ 0.01"},
		{99, "US$ 0.99"},
		{100, "US$ 1"},
		{12345, "US$ 123.45"},
		{100000, "US$ 1,000"},
		{59200000, "US$ 592,000"},
		{351859400, "US$ 3,518,594"},
		{351859450, "US$ 3,518,594.50"},
		{12345678900, "US$ 123,456,789"},
		{100000000000, "US$ 1,000,000,000"},
		{-12345, "US$ -123.45"},
		{-12345600, "US$ -123,456"},
		{-50, "US$ -0.50"},
		{900000000000000, "US$ 9,000,000,000,000"},
		{899999999999999, "US$ 8,999,999,999,999.99"},
		{-9223372036854775800, "US$ -92,233,720,368,547,758"},
	} {
		if got := c.Money(tt.m); got != tt.want {
			t.Errorf("Money(%d) = %q; want %q", int64(tt.m), got, tt.want)
		}
	}
}

func TestCatalogDates(t *testing.T) {
	c := repoCatalog(t)
	for _, tt := range []struct {
		d    content.Date
		want string
	}{
		{content.Date{Year: 2019, Month: 12}, "December 2019"},
		{content.Date{Year: 2019, Month: 1, Day: 5}, "5 January 2019"},
		{content.Date{}, ""},
	} {
		if got := c.Date(tt.d); got != tt.want {
			t.Errorf("Date(%v) = %q; want %q", tt.d, got, tt.want)
		}
	}
}

// TestCatalogPlurals: a language with more plural forms than English gets
// the one CLDR gives for each count, and its own digits' grouping.
func TestCatalogPlurals(t *testing.T) {
	fsys := fstest.MapFS{"translations/ru.yaml": {Data: []byte(`
money: "{amount} долл. США"
n:
  one: "{count} проект"
  few: "{count} проекта"
  many: "{count} проектов"
  other: "{count} проекта"
plain: "{count} и {name}"
braces: "{a b} {} {name} {"
`)}}
	c, l := LoadCatalog(fsys, "ru")
	if !l.HasErrors() || !strings.Contains(l.Err().Error(), `translations/ru.yaml: lacks messages the pages need: "date.day", "date.month", "description.funder"`) {
		t.Errorf("a catalog lacking the messages Go needs: got %v", l.Err())
	}
	for n, want := range map[int]string{1: "1 проект", 3: "3 проекта", 5: "5 проектов", 21: "21 проект", 1234: "1\u00a0234 проекта"} {
		if got, err := c.T("n", "count", n); err != nil || got != want {
			t.Errorf(`T("n", count %d) = %q, %v; want %q`, n, got, err, want)
		}
	}
	if got, _ := c.T("plain", "count", 1000, "name", "x"); got != "1\u00a0000 и x" {
		t.Errorf("a plain message with a count: %q", got)
	}
	if got, err := c.T("braces", "name", "x"); got != "{a b} {} x {" || err != nil {
		t.Errorf("braces that are no placeholders: %q, %v", got, err)
	}
	if got := c.Money(123456); got != "1\u00a0234,56 долл. США" {
		t.Errorf("Money in Russian: %q", got)
	}
	ar, _ := LoadCatalog(fstest.MapFS{"translations/ar.yaml": {Data: []byte("n: \"{count}\"\n")}}, "ar")
	if got, _ := ar.T("n", "count", 5); got != "٥" {
		t.Errorf("a small number in Arabic: %q; want Arabic-Indic digits", got)
	}
}

func TestCatalogErrors(t *testing.T) {
	fsys := fstest.MapFS{"translations/en.yaml": {Data: []byte("a: x\nb:\n  one: y\nc:\n  one: y\n  several: z\n  other: w\nd: [1]\na: again\ne: \"{name}\"\ntimeframe: \"{start} to {ende}\"\n")}}
	c, l := LoadCatalog(fsys, "en")
	got := l.Err().Error()
	for _, want := range []string{
		`translations/en.yaml:2:1: plural message "b" needs an "other" form`,
		`translations/en.yaml:6:3: "several" is no plural category; use zero, one, two, few, many or other`,
		`translations/en.yaml:8:4: message "d" is neither text nor a map of plural forms`,
		`translations/en.yaml:9:1: message "a" is given twice`,
		`translations/en.yaml:11:1: message "timeframe" has no placeholder {ende}; it may use {start}, {end}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
	if _, err := c.T("nope"); err == nil || err.Error() != `no message "nope" in translations/en.yaml` {
		t.Errorf("a missing key: %v", err)
	}
	if _, err := c.T("e"); err == nil || err.Error() != `message "e": no value given for {name}` {
		t.Errorf("a missing argument: %v", err)
	}
}

// quoted finds the string literals of Go, JavaScript and template actions.
var quoted = regexp.MustCompile(`"((?:[^"\\\n]|\\.)*)"`)

// TestCatalogKeysUsed: every message of the catalog is asked for, by Go
// (goMessages), a layout ({{t "key"}}, or {{t (print "prefix." ...)}}) or
// filter.js (t("key"), or t("prefix." + ...)); and every key filter.js
// asks for is in the catalog and given to it by the find page.
func TestCatalogKeysUsed(t *testing.T) {
	c := repoCatalog(t)
	used := map[string]bool{}
	for k := range goMessages() {
		used[k] = true
	}
	var prefixes []string
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	layouts, _ := filepath.Glob("../../layouts/*.html")
	partials, _ := filepath.Glob("../../layouts/partials/*.html")
	for _, name := range slices.Concat(layouts, partials) {
		src := read(strings.TrimPrefix(name, "../../"))
		for _, m := range regexp.MustCompile(`\bt "([^"]+)"`).FindAllStringSubmatch(src, -1) {
			used[m[1]] = true
		}
		for _, m := range regexp.MustCompile(`\bt \(print "([^"]+\.)"`).FindAllStringSubmatch(src, -1) {
			prefixes = append(prefixes, m[1])
		}
	}
	js := read("assets/filter.js")
	jsKeys := regexp.MustCompile(`\bt\("([^"]+)"\s*([+,)])`).FindAllStringSubmatch(js, -1)
	if len(jsKeys) == 0 {
		t.Fatal("filter.js asks for no message")
	}
	given := regexp.MustCompile(`\{\{messages ([^}]*)\}\}`).FindStringSubmatch(read("layouts/projects.html"))
	if given == nil {
		t.Fatal("layouts/projects.html gives filter.js no messages")
	}
	var delivered []string
	for _, m := range quoted.FindAllStringSubmatch(given[1], -1) {
		delivered = append(delivered, m[1])
	}
	for _, m := range jsKeys {
		key, prefix := m[1], m[2] == "+"
		if prefix {
			prefixes = append(prefixes, key)
		} else {
			used[key] = true
		}
		if !slices.ContainsFunc(delivered, func(d string) bool { return d == key || strings.HasSuffix(d, ".") && strings.HasPrefix(key, d) }) {
			t.Errorf("filter.js asks for %q, which layouts/projects.html does not give it ({{messages ...}})", key)
		}
		if !prefix && !c.has(key) {
			t.Errorf("filter.js asks for %q, which %s lacks", key, c.path)
		}
	}
	for _, k := range c.keys() {
		if !used[k] && !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(k, p) }) {
			t.Errorf("%s: message %q is used nowhere; remove it, or use it", c.path, k)
		}
	}
}
