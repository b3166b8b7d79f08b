package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"portfolio/internal/diag"
)

// P is the path the parse tests give their files.
const P = "content/projects/igf-2011.md"

// baseKeys complete the front matters yamlProject builds, so that a test
// case gets only the diagnostics it is about.
var baseKeys = []string{"title: T", "start: 2019-01", "funding: [UNDP]", "countries: [Kenya]", "budget: 1000"}

// yamlProject returns a project file whose YAML front matter holds lines,
// the first on line 2, followed by whichever of baseKeys lines do not set.
func yamlProject(lines ...string) string {
	all := slices.Clone(lines)
	for _, b := range baseKeys {
		key := b[:strings.Index(b, ":")+1]
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, key) }) {
			all = append(all, b)
		}
	}
	return "---\n" + strings.Join(all, "\n") + "\n---\nBody.\n"
}

// strs returns l as "path:line:col: message" strings.
func strs(l diag.List) []string {
	out := []string{}
	for _, d := range l {
		out = append(out, d.String())
	}
	return out
}

func checkDiags(t *testing.T, name string, got diag.List, want []string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if g := strs(got); !slices.Equal(g, want) {
		t.Errorf("%s: got %d diagnostics:\n\t%s\nwant %d:\n\t%s", name, len(g), strings.Join(g, "\n\t"), len(want), strings.Join(want, "\n\t"))
	}
}

var knownFields = strings.Join(fieldKeys(), ", ")

const noBudget = `warning: no budget; the page will say "not stated" (add ` + "`budget:`" + ` in US dollars if known)`

func TestParseDiagnostics(t *testing.T) {
	missing := func(line int) []string {
		var out []string
		for _, k := range []string{"title", "start", "funding", "countries"} {
			out = append(out, fmt.Sprintf("%s:%d:1: missing required field %q", P, line, k))
		}
		return out
	}
	for _, tt := range []struct {
		name string
		src  string
		want []string
	}{
		{"valid", yamlProject(), nil},
		{"valid with every key", yamlProject("code: 1617B", "slug: igf-2011", "end: 2019-12-31", "status: past",
			"division: Governance", "partners: [ISOC, ICANN]", "link: https://www.intgovforum.org/", "sdgs: [9, 16]", "draft: true"), nil},
		{"missing required keys", "---\ncode: X\nbudget: 1\n---\nBody.\n", missing(1)},
		{"missing required keys after blank lines", "\n\n---\ncode: X\nbudget: 1\n---\nBody.\n", missing(3)},
		{"empty front matter", "---\n---\nBody.\n", append(missing(1), P+":1:1: "+noBudget)},
		{"missing budget is a warning", "---\ntitle: T\nstart: 2019-01\nfunding: [UNDP]\ncountries: [Kenya]\n---\n", []string{P + ":1:1: " + noBudget}},
		{"empty budget is a warning", yamlProject("budget:"), []string{P + ":1:1: " + noBudget}},
		{"unknown key with a suggestion", yamlProject("budjet: 5"), []string{P + `:2:1: unknown field "budjet"; did you mean "budget"?`}},
		{"unknown key in the wrong case", yamlProject("Title: T"), []string{P + `:2:1: unknown field "Title"; did you mean "title"?`}},
		{"unknown key without a suggestion", yamlProject("colour: red"), []string{P + `:2:1: unknown field "colour"; known fields are ` + knownFields}},
		{"duplicate key", yamlProject("title: A", "code: X", "title: B"), []string{P + `:4:1: "title" is set twice (first at line 2); keep one`}},
		{"list where text goes", yamlProject("title: [a, b]"), []string{P + ":2:8: title must be text, not a list"}},
		{"map where text goes", yamlProject("code: {a: 1}"), []string{P + ":2:7: code must be text, not a set of keys"}},
		{"empty title", yamlProject("title:"), []string{P + ":2:7: title is empty"}},
		{"blank title", yamlProject(`title: "  "`), []string{P + ":2:8: title is empty"}},
		{"number as text", yamlProject("code: 1617", "title: 2011"), nil},
		{"budget as formatted text", yamlProject(`budget: "US$ 592,000"`),
			[]string{P + `:2:9: budget "US$ 592,000" must be a plain number of US dollars, without currency or separators; write 592000`}},
		{"budget with currency after", yamlProject(`budget: 3,518,594.00 USD`),
			[]string{P + `:2:9: budget "3,518,594.00 USD" must be a plain number of US dollars, without currency or separators; write 3518594`}},
		{"budget in words", yamlProject(`budget: about a million`),
			[]string{P + `:2:9: budget "about a million" must be a plain number of US dollars, without currency or separators (for example 592000)`}},
		{"negative budget", yamlProject("budget: -5"), []string{P + ":2:9: budget -5 is negative"}},
		{"zero budget", yamlProject("budget: 0"), []string{P + `:2:9: warning: budget 0 shows as US$ 0; if the budget is not known, leave budget out, and the page says "not stated"`}},
		{"budget in cents", yamlProject("budget: 1250.50", "code: A"), nil},
		{"budget in fractions of a cent", yamlProject("budget: 1250.505"), []string{P + ":2:9: budget 1250.505 has fractions of a cent; give at most two decimals"}},
		{"budget with trailing zeros", yamlProject("budget: 1250.5000"), nil},
		{"huge budget", yamlProject("budget: 1e14"), []string{P + ":2:9: budget 1e14 is implausibly large; give it in US dollars"}},
		{"budget not a number", yamlProject("budget: .nan"), []string{P + `:2:9: budget ".nan" is not a number`}},
		{"budget as a list", yamlProject("budget: [1, 2]"), []string{P + ":2:9: budget must be a number of US dollars, not a list"}},
		// A "#" after a space starts a YAML comment, even in a name.
		{"a # cuts a value short", yamlProject("title: Project #2 for SIDS", "partners:", "  - Grant #3 from Brazil", "  - ITU # a real comment"), []string{
			P + `:2:8: warning: title: "#2 for SIDS" is read as a YAML comment and left out, leaving "Project"; if it belongs to the value, put the whole value in quotes: "Project #2 for SIDS"`,
			P + `:4:5: warning: partners: "#3 from Brazil" is read as a YAML comment and left out, leaving "Grant"; if it belongs to the value, put the whole value in quotes: "Grant #3 from Brazil"`,
		}},
		{"a # empties a value", yamlProject("title: #1 priority project"), []string{
			P + `:2:7: warning: title: "#1 priority project" is read as a YAML comment, leaving the value empty; if it is the value, put it in quotes: "#1 priority project"`,
			P + ":2:7: title is empty",
		}},
		{"a # in a date or status is no value's", yamlProject("start: 2019-01 #approx", "status: past #ended-early"), nil},
		{"comments that are comments", yamlProject("budget: 5 #US$", `code: "12 #3"`, "title: T  # the title", "division: DPADM ## note", "link: https://example.org/#top"), nil},
		// Names: the slips that would make a wrong funder or partner.
		{"names on one line", yamlProject("funding: Development Account (DA), Brazil", "partners: ITU"), []string{
			P + `:2:10: warning: funding: "Development Account (DA), Brazil" is one name; if it is several, make each an entry of its own, as in ["Development Account (DA)", "Brazil"] (write it as a list entry, "- Development Account (DA), Brazil", to keep it one)`,
		}},
		{"a name with a comma in a list", yamlProject("funding: [\"Ministry of Foreign Affairs, Norway\"]"), nil},
		{"a name with a comma in quotes", yamlProject("funding: \"Ministry of Foreign Affairs, Norway\"", "partners: 'ITU, Geneva'"), nil},
		{"numbers and booleans as names", yamlProject("funding: [42, true, Brazil]", "partners: [1.5]"), []string{
			P + ":2:11: funding: 42 is not a name; write the organisation's name (in quotes if it is a number)",
			P + ":2:15: funding: true is not a name; write the organisation's name (in quotes if it is a number)",
			P + ":3:12: partners: 1.5 is not a name; write the organisation's name (in quotes if it is a number)",
		}},
		{"a quoted number is a name", yamlProject(`funding: ["42"]`), nil},
		{"no space after a dash", yamlProject("funding:", "  -Brazil"), []string{
			P + `:3:3: funding: "-Brazil" starts with a dash; a list entry needs a space after its dash: "- Brazil"`,
		}},
		{"portfolio new's examples left", yamlProject("funding:", "  - Development Account (DA)  # example: replace it", "start: 2026-11 # example: replace it"), []string{
			P + `:3:5: warning: funding: "Development Account (DA)" is still the example portfolio new wrote; replace it, and delete the comment "# example: replace it"`,
			P + `:4:8: warning: start: "2026-11" is still the example portfolio new wrote; replace it, and delete the comment "# example: replace it"`,
		}},
		{"portfolio new's examples in a draft", yamlProject("funding:", "  - Development Account (DA)  # example: replace it", "draft: true"), nil},
		{"end before start", yamlProject("start: 2019-12", "end: 2019-11-30"), []string{P + ":3:1: end 2019-11-30 is before start 2019-12; set end to the month the project ended (or ends), or correct start"}},
		{"end in the start's month", yamlProject("start: 2019-12-15", "end: 2019-12"), nil},
		{"end on the start day", yamlProject("start: 2019-12-15", "end: 2019-12-15"), nil},
		{"start in words", yamlProject("start: December 2019"),
			[]string{P + `:2:8: start: date "December 2019" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12`}},
		{"end in words", yamlProject("end: 5 December 2019"),
			[]string{P + `:2:6: end: date "5 December 2019" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12-05`}},
		{"impossible end", yamlProject("end: 2019-02-29"), []string{P + `:2:6: end: date "2019-02-29" does not exist: February 2019 has 28 days`}},
		{"year only", yamlProject("start: 2019"),
			[]string{P + `:2:8: start: date "2019" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`}},
		{"empty start", yamlProject("start:"), []string{P + ":2:7: start is empty"}},
		{"invalid status", yamlProject("status: finished"),
			[]string{P + `:2:9: status "finished" is not one of upcoming, current, past (or leave it out to derive it from the dates)`}},
		{"status in capitals", yamlProject("status: Current"), nil},
		{"bad slug", yamlProject("slug: My Project"),
			[]string{P + `:2:7: slug "My Project" may use only lower-case letters, digits and single hyphens (try "my-project")`}},
		{"slug with a double hyphen", yamlProject("slug: igf--2011"),
			[]string{P + `:2:7: slug "igf--2011" may use only lower-case letters, digits and single hyphens (try "igf-2011")`}},
		{"slug with nothing to keep", yamlProject(`slug: "!!!"`),
			[]string{P + `:2:7: slug "!!!" may use only lower-case letters, digits and single hyphens`}},
		{"javascript link", yamlProject(`link: "javascript:alert(1)"`),
			[]string{P + `:2:7: link "javascript:alert(1)" must be a full http:// or https:// address`}},
		{"ftp link", yamlProject("link: ftp://example.org/report.pdf"),
			[]string{P + `:2:7: link "ftp://example.org/report.pdf" must be a full http:// or https:// address`}},
		{"link without a scheme", yamlProject("link: www.example.org"),
			[]string{P + `:2:7: link "www.example.org" must be a full http:// or https:// address`}},
		{"link without a host", yamlProject("link: https:///path"),
			[]string{P + `:2:7: link "https:///path" must be a full http:// or https:// address`}},
		{"sdgs out of range", yamlProject("sdgs: [0, 5, 18]"), []string{
			P + `:2:8: sdgs: "0" is not a Sustainable Development Goal number from 1 to 17`,
			P + `:2:14: sdgs: "18" is not a Sustainable Development Goal number from 1 to 17`,
		}},
		{"sdgs as words", yamlProject("sdgs:", "  - three", "  - 4.5"), []string{
			P + `:3:5: sdgs: "three" is not a Sustainable Development Goal number from 1 to 17`,
			P + `:4:5: sdgs: "4.5" is not a Sustainable Development Goal number from 1 to 17`,
		}},
		{"one sdg", yamlProject("sdgs: 16"), nil},
		{"sdg targets", yamlProject("sdg_targets: [\"16.6\", 16.10, 17.a]", "sdgs: [16, 17]"), nil},
		{"sdg targets badly written", yamlProject("sdgs: [16, 17, 5]", "sdg_targets: [\"16\", 18.1, 0.1, 16.0, 5.ab, \"16.6 \", 17.A]"), []string{
			P + `:3:15: sdg_targets: "16" is not a Sustainable Development Goal target, a goal from 1 to 17, a dot and the target's number or letter, such as "16.6" or "17.a"`,
			P + `:3:21: sdg_targets: "18.1" is not a Sustainable Development Goal target, a goal from 1 to 17, a dot and the target's number or letter, such as "16.6" or "17.a"`,
			P + `:3:27: sdg_targets: "0.1" is not a Sustainable Development Goal target, a goal from 1 to 17, a dot and the target's number or letter, such as "16.6" or "17.a"`,
			P + `:3:32: sdg_targets: "16.0" is not a Sustainable Development Goal target, a goal from 1 to 17, a dot and the target's number or letter, such as "16.6" or "17.a"`,
			P + `:3:38: sdg_targets: "5.ab" is not a Sustainable Development Goal target, a goal from 1 to 17, a dot and the target's number or letter, such as "16.6" or "17.a"`,
			P + `:3:53: sdg_targets: "17.A" is not a Sustainable Development Goal target, a goal from 1 to 17, a dot and the target's number or letter, such as "16.6" or "17.a"`,
		}},
		{"sdg target of a goal not listed", yamlProject("sdg_targets:", "  - 16.6", "  - 9.c", "sdgs: [9]"), []string{
			P + ":3:5: sdg_targets: 16.6 is a target of goal 16, which sdgs does not list; add 16 to sdgs",
		}},
		{"sdg targets without sdgs", yamlProject("sdg_targets: 4.1"), []string{
			P + ":2:14: sdg_targets: 4.1 is a target of goal 4, which sdgs does not list; add 4 to sdgs",
		}},
		{"draft not boolean", yamlProject("draft: yes"), []string{P + ":2:8: draft must be true or false, not text"}},
		{"draft as a number", yamlProject("draft: 1"), []string{P + ":2:8: draft must be true or false, not a number"}},
		{"funding as one value", yamlProject("funding: Brazil"), nil},
		{"funding empty list", yamlProject("funding: []"), []string{P + ":2:10: funding needs at least one entry"}},
		{"funding empty", yamlProject("funding:"), []string{P + ":2:9: funding needs at least one entry"}},
		{"funding with an empty entry", yamlProject(`funding: [UNDP, ""]`), []string{P + ":2:17: funding: empty entry"}},
		{"funding with a list entry", yamlProject("funding: [[a]]"), []string{P + ":2:11: funding: each entry must be text, not a list"}},
		{"countries as a map", yamlProject("countries: {a: b}"), []string{P + ":2:12: countries must be a list, not a set of keys"}},
		{"partners empty list", yamlProject("partners: []"), nil},
		{"several problems together", yamlProject("title: [a]", "budjet: 5", "draft: maybe"), []string{
			P + ":2:8: title must be text, not a list",
			P + `:3:1: unknown field "budjet"; did you mean "budget"?`,
			P + ":4:8: draft must be true or false, not text",
		}},

		// YAML the decoder refuses: the line is the file's, not the front matter's.
		{"yaml syntax error", yamlProject("title: T", "code: X", "  start: 2019-12"),
			[]string{P + ":4:1: invalid YAML front matter: mapping values are not allowed in this context; check the indentation, and put in quotes a value that holds \": \" or starts with [ or {"}},
		{"yaml syntax error after blank lines", "\n\n" + yamlProject("title: T", "code: X", "  start: 2019-12"),
			[]string{P + ":6:1: invalid YAML front matter: mapping values are not allowed in this context; check the indentation, and put in quotes a value that holds \": \" or starts with [ or {"}},
		{"yaml unclosed list", yamlProject("code: X", "funding: [UNDP, Kenya", "division: D"),
			[]string{P + ":3:1: invalid YAML front matter: did not find expected ',' or ']'"}},
		// On the front matter's first line, the YAML package names the line
		// where it noticed the list was not closed.
		{"yaml unclosed list on the first line", yamlProject("funding: [UNDP, Kenya", "division: D"),
			[]string{P + ":3:1: invalid YAML front matter: did not find expected ',' or ']'"}},
		{"yaml list item among keys", yamlProject("code: X", "division: D", "- a"),
			[]string{P + ":4:1: invalid YAML front matter: did not find expected key; check the indentation, and put in quotes a value that holds \": \" or starts with [ or {"}},
		{"yaml unclosed map deeper down", yamlProject("code: X", "division: D", "partners:", "  - {a: b", "title: T"),
			[]string{P + ":5:1: invalid YAML front matter: did not find expected ',' or '}'"}},
		// A quoted value read to the end is reported where it began.
		{"yaml unterminated string on the first line", yamlProject(`title: "unterminated`, "code: X"),
			[]string{P + ":2:8: invalid YAML front matter: the quoted value that starts here is never closed; end it with \" on the same line"}},
		{"yaml unterminated string on the last line", yamlProject("code: X", "start: 2019-01", "funding: [UNDP]", "countries: [Kenya]", "budget: 1000", `title: 'unterminated`),
			[]string{P + ":7:8: invalid YAML front matter: the quoted value that starts here is never closed; end it with ' on the same line"}},
		{"yaml unterminated string", yamlProject("code: X", `title: "unterminated`),
			[]string{P + ":3:8: invalid YAML front matter: the quoted value that starts here is never closed; end it with \" on the same line"}},
		{"yaml unterminated string among others", yamlProject(`title: "Closed \" quote"`, `code: 'it''s'`, `division: "open`, "start: 2019-01"),
			[]string{P + ":4:11: invalid YAML front matter: the quoted value that starts here is never closed; end it with \" on the same line"}},
		{"yaml unterminated single-quoted list item", yamlProject("partners:", "  - 'UNDP", "  - ITU"),
			[]string{P + ":3:5: invalid YAML front matter: the quoted value that starts here is never closed; end it with ' on the same line"}},
		{"yaml unterminated string after one closed on a later line", yamlProject(`title: "A long`, `  title"`, `code: "X`),
			[]string{P + ":4:7: invalid YAML front matter: the quoted value that starts here is never closed; end it with \" on the same line"}},
		{"yaml unterminated string in a list item's key", yamlProject("partners:", `  - name: "UNDP`),
			[]string{P + ":3:11: invalid YAML front matter: the quoted value that starts here is never closed; end it with \" on the same line"}},
		{"yaml unterminated string after a tab", yamlProject("code: X", "title:\t\"unterminated"),
			[]string{P + ":3:8: invalid YAML front matter: the quoted value that starts here is never closed; end it with \" on the same line"}},
		{"yaml unterminated string, CRLF", strings.ReplaceAll(yamlProject("code: X", `title: "unterminated`), "\n", "\r\n"),
			[]string{P + ":3:8: invalid YAML front matter: the quoted value that starts here is never closed; end it with \" on the same line"}},
		{"yaml tab indentation", yamlProject("code: X", "\ttitle: x"),
			[]string{P + ":3:1: invalid YAML front matter: found a tab character that violates indentation; this line holds a tab: indent with spaces"}},
		{"yaml tab indentation, reported on the line before", yamlProject("code: X", "division: D", "\t", "link: https://example.org/"),
			[]string{P + ":4:1: invalid YAML front matter: found a tab character that violates indentation; this line holds a tab: indent with spaces"}},
		{"yaml tab after a dash", yamlProject("funding:", "  -\tBrazil"),
			[]string{P + ":3:4: invalid YAML front matter: found character that cannot start any token; this line holds a tab: indent with spaces"}},
		{"yaml trailing tab is harmless; the indenting one is named", yamlProject("title: T", "division: DPADM\t", "\tlink: https://example.org/"),
			[]string{P + ":4:1: invalid YAML front matter: found a tab character that violates indentation; this line holds a tab: indent with spaces"}},
		{"yaml error on a line with a trailing tab", yamlProject("title: `T`", "code: X\t"),
			[]string{P + ":2:1: invalid YAML front matter: found character that cannot start any token"}},
		{"yaml value wrapped onto a line of its own", yamlProject("title: Digital government in Small Island", "Developing States"),
			[]string{P + ":3:1: invalid YAML front matter: could not find expected ':'; a line without a key: if it goes on the value above, put that whole value in quotes on one line"}},
		{"yaml value starting with *", yamlProject("title: *Star* project"),
			[]string{P + ":2:1: invalid YAML front matter: did not find expected alphabetic or numeric character; put in quotes a value that starts with * or &"}},
		{"yaml no space after a colon", yamlProject("code: X", "budget:100"),
			[]string{P + ":3:1: invalid YAML front matter: could not find expected ':'; write a space after each key's colon, as in `budget: 100`"}},
		{"budget in quotes", yamlProject(`budget: "450000"`),
			[]string{P + `:2:9: budget "450000" is in quotes, which makes it text; write the number without them (450000)`}},
		{"yaml anchor and alias", yamlProject("title: &t T", "code: *t"),
			[]string{P + ":2:8: YAML anchors and aliases are not supported in front matter; write the value out"}},
		{"yaml deep nesting", yamlProject("partners: " + strings.Repeat("[", 20) + "a" + strings.Repeat("]", 20)),
			[]string{P + ":2:27: front matter nested more than 16 levels deep"}},
		{"yaml nesting past the YAML package's own limit", yamlProject("partners: " + strings.Repeat("[", 20000)),
			[]string{P + ":2:1: invalid YAML front matter: exceeded max depth of 10000"}},
		{"yaml deep nesting of keys", yamlProject("division: " + strings.Repeat("{a: ", 20) + "b" + strings.Repeat("}", 20)),
			[]string{P + ":2:75: front matter nested more than 16 levels deep"}},
		{"yaml list at the top", "---\n- a\n- b\n---\n",
			[]string{P + ":2:1: front matter must be a set of keys such as `title: ...`, not a list"}},

		// Files that are not project files at all.
		{"unterminated front matter", "---\ntitle: T\nstart: 2019-12\n\nBody.\n",
			[]string{P + `:1:1: front matter opened with "---" is never closed; end it with a line "---"`}},
		{"unterminated front matter after blank lines", "\n\n---\ntitle: T\n",
			[]string{P + `:3:1: front matter opened with "---" is never closed; end it with a line "---"`}},
		{"unterminated front matter opened with its name", "---yaml\ntitle: T\n",
			[]string{P + `:1:1: front matter opened with "---yaml" is never closed; end it with a line "---"`}},
		{"no front matter", "# Internet Governance Forum\n\nText.\n",
			[]string{P + `:1:1: no front matter; a project file starts with a line "---", then title, start, funding and countries, then "---"`}},
		{"empty file", "", []string{P + ":1:1: file is empty; start a project with `portfolio new \"Title\"`"}},
		{"blank file", "\n \n\t\r\n", []string{P + ":1:1: file is empty; start a project with `portfolio new \"Title\"`"}},
		{"binary file", "---\ntitle: a\x00b\n---\n", []string{P + ":2:9: file is binary, not text; a project file is UTF-8 Markdown"}},
		{"invalid UTF-8", "---\ntitle: caf\xe9\n---\n", []string{P + ":2:11: file is not valid UTF-8; save it as UTF-8"}},
		{"invalid UTF-8 in the body", yamlProject() + "ok\nbad \xff\n", []string{P + ":10:5: file is not valid UTF-8; save it as UTF-8"}},

		// Line endings and byte-order marks do not move positions.
		{"CRLF", strings.ReplaceAll(yamlProject("code: X", "title: [a]"), "\n", "\r\n"), []string{P + ":3:8: title must be text, not a list"}},
		{"CRLF yaml syntax error", strings.ReplaceAll(yamlProject("title: T", "code: X", "  start: 2019-12"), "\n", "\r\n"),
			[]string{P + ":4:1: invalid YAML front matter: mapping values are not allowed in this context; check the indentation, and put in quotes a value that holds \": \" or starts with [ or {"}},
		{"CRLF missing keys", "\r\n---\r\ncode: X\r\nbudget: 1\r\n---\r\n", missing(2)},
		{"BOM", "\ufeff" + yamlProject("code: X", "title: [a]"), []string{P + ":3:8: title must be text, not a list"}},
		{"BOM, CRLF and blank lines", "\ufeff" + strings.ReplaceAll("\n\n"+yamlProject("code: X", "title: [a]"), "\n", "\r\n"),
			[]string{P + ":5:8: title must be text, not a list"}},
		{"leading no-break space line", "\u00a0\n" + yamlProject("code: X", "title: [a]"), []string{P + ":4:8: title must be text, not a list"}},
		{"leading no-break space line, unterminated", "\u00a0\n---\ntitle: T\n",
			[]string{P + `:2:1: front matter opened with "---" is never closed; end it with a line "---"`}},
		{"leading blank lines", "\n  \n\t\n" + yamlProject("code: X", "title: [a]"), []string{P + ":6:8: title must be text, not a list"}},
	} {
		_, l := NewParser(false).Parse(P, []byte(tt.src))
		checkDiags(t, tt.name, l, tt.want)
	}
}

func TestParseSeverity(t *testing.T) {
	_, l := NewParser(false).Parse(P, []byte("---\ntitle: T\nstart: 2019-01\nfunding: [UNDP]\ncountries: [Kenya]\n---\n"))
	if len(l) != 1 {
		t.Fatalf("got %d diagnostics %q; want 1", len(l), strs(l))
	}
	if got := l[0].Severity; got != diag.Warning {
		t.Errorf("missing budget: severity %v; want Warning (%v)", got, diag.Warning)
	}
	if l.HasErrors() || l.Err() != nil {
		t.Errorf("missing budget: HasErrors() = %v, Err() = %v; want false, nil", l.HasErrors(), l.Err())
	}
	_, l = NewParser(false).Parse(P, []byte(yamlProject("budget: -1")))
	if !l.HasErrors() {
		t.Errorf("negative budget: HasErrors() = false; want true")
	}
}

// The same project in both forms of YAML front matter.
var formatFiles = []struct {
	name, src string
}{
	{"yaml", `---
title: Internet Governance Forum
code: 1617B
start: 2011-09
end: 2011-12-31
status: past
funding: [UNDP, Government of Kenya]
budget: 3518594.00
division: Governance
partners: [ISOC]
link: https://www.intgovforum.org/
sdgs: [9, 16]
draft: true
countries:
  - Kenya
  - Least Developed Countries
---
Body.
`},
	{"yaml with its name", `---yaml
title: Internet Governance Forum
code: 1617B
start: 2011-09
end: 2011-12-31
status: past
funding: [UNDP, Government of Kenya]
budget: 3518594.00
division: Governance
partners: ISOC
link: https://www.intgovforum.org/
sdgs: [9, 16]
draft: true
countries: [Kenya, Least Developed Countries]
---
Body.
`},
}

func TestParseFormats(t *testing.T) {
	for _, f := range formatFiles {
		for _, crlf := range []bool{false, true} {
			src := f.src
			if crlf {
				src = strings.ReplaceAll(src, "\n", "\r\n")
			}
			p, l := NewParser(false).Parse(P, []byte(src))
			name := f.name
			if crlf {
				name += " (CRLF)"
			}
			checkDiags(t, name, l, nil)
			if p == nil {
				t.Errorf("%s: Parse returned no project", name)
				continue
			}
			want := Project{
				Path: P, Slug: "igf-2011", Title: "Internet Governance Forum", Code: "1617B",
				Start: Date{2011, time.September, 0}, End: Date{2011, time.December, 31}, Status: Past,
				Budget: 351859400, HasBudget: true, Division: "Governance", Partners: []string{"ISOC"},
				Link: "https://www.intgovforum.org/", SDGs: []int{9, 16}, Draft: true,
			}
			for _, c := range []struct {
				field     string
				got, want any
			}{
				{"Path", p.Path, want.Path}, {"Slug", p.Slug, want.Slug}, {"Title", p.Title, want.Title},
				{"Code", p.Code, want.Code}, {"Start", p.Start, want.Start}, {"End", p.End, want.End},
				{"Status", p.Status, want.Status}, {"Budget", p.Budget, want.Budget}, {"HasBudget", p.HasBudget, want.HasBudget},
				{"Division", p.Division, want.Division}, {"Link", p.Link, want.Link}, {"Draft", p.Draft, want.Draft},
				{"Partners", strings.Join(p.Partners, "|"), "ISOC"},
				{"SDGs", len(p.SDGs) == 2 && p.SDGs[0] == 9 && p.SDGs[1] == 16, true},
				{"Funding", valueTexts(p.Funding), "UNDP|Government of Kenya"},
				{"Countries", valueTexts(p.Countries), "Kenya|Least Developed Countries"},
				{"Body", string(p.Body), "<p>Body.</p>\n"},
			} {
				if c.got != c.want {
					t.Errorf("%s: %s = %#v; want %#v", name, c.field, c.got, c.want)
				}
			}
		}
	}
}

func valueTexts(vs []Value) string {
	var s []string
	for _, v := range vs {
		s = append(s, v.Text)
	}
	return strings.Join(s, "|")
}

// TestParseValuePositions checks that list values keep where they were
// written, each item its own place.
func TestParseValuePositions(t *testing.T) {
	for _, tt := range []struct {
		name      string
		src       string
		funding   []Value
		countries []Value
	}{
		{"yaml flow list", formatFiles[0].src,
			[]Value{{"UNDP", diag.Pos{Line: 7, Col: 11}}, {"Government of Kenya", diag.Pos{Line: 7, Col: 17}}},
			[]Value{{"Kenya", diag.Pos{Line: 15, Col: 5}}, {"Least Developed Countries", diag.Pos{Line: 16, Col: 5}}}},
		{"yaml one value", "\n" + yamlProject("countries: Brazil"),
			[]Value{{"UNDP", diag.Pos{Line: 6, Col: 11}}},
			[]Value{{"Brazil", diag.Pos{Line: 3, Col: 12}}}},
	} {
		p, l := NewParser(false).Parse(P, []byte(tt.src))
		checkDiags(t, tt.name, l, nil)
		if p == nil {
			continue
		}
		if !slices.Equal(p.Funding, tt.funding) {
			t.Errorf("%s: Funding = %+v; want %+v", tt.name, p.Funding, tt.funding)
		}
		if !slices.Equal(p.Countries, tt.countries) {
			t.Errorf("%s: Countries = %+v; want %+v", tt.name, p.Countries, tt.countries)
		}
	}
}

// TestParseOtherFormats checks that a TOML or JSON front matter, which
// other site generators read, gets one error at its opening line saying to
// write it in YAML, however it is closed and whatever follows.
func TestParseOtherFormats(t *testing.T) {
	toml := func(line int, opener string) []string {
		return []string{fmt.Sprintf("%s:%d:1: front matter opened with %q is TOML, which is not read; write it in YAML between two lines \"---\", one `key: value` a line: `title = \"...\"` becomes `title: \"...\"`", P, line, opener)}
	}
	json := func(line int, opener string) []string {
		return []string{fmt.Sprintf("%s:%d:1: front matter opened with %q is JSON, which is not read; write it in YAML between two lines \"---\", one `key: value` a line and no braces: `\"title\": \"...\",` becomes `title: \"...\"`", P, line, opener)}
	}
	for _, tt := range []struct {
		name string
		src  string
		want []string
	}{
		{"toml", "+++\ntitle = \"T\"\nstart = \"2019-01\"\nfunding = [\"UNDP\"]\ncountries = [\"Kenya\"]\n+++\nBody.\n", toml(1, "+++")},
		{"toml never closed", "+++\ntitle = \"T\"\n", toml(1, "+++")},
		{"toml after blank lines, CRLF", "\r\n\r\n+++\r\ntitle = \"T\"\r\n+++\r\n", toml(3, "+++")},
		{"toml with its name", "---toml\ntitle = \"T\"\n---\n", toml(1, "---toml")},
		{"json", ";;;\n{\"title\": \"T\"}\n;;;\n", json(1, ";;;")},
		{"json with its name", "\ufeff---json\n{\"title\": \"T\"}\n---\n", json(1, "---json")},
		{"json object", "\n{\n  \"title\": \"T\"\n}\n\nBody.\n", json(2, "{")},
		{"json object without the blank line after it", "{\n  \"title\": \"T\"\n}\nBody.\n", json(1, "{")},
		{"json object on one line", `{"title": "T", "start": "2019-01"}` + "\n\nBody.\n", json(1, `{"title": "T", "start": "2019-01"}`)},
		{"a brace that opens no JSON", "{{< note >}}\n", []string{P + `:1:1: no front matter; a project file starts with a line "---", then title, start, funding and countries, then "---"`}},
	} {
		p, l := NewParser(false).Parse(P, []byte(tt.src))
		checkDiags(t, tt.name, l, tt.want)
		if p != nil {
			t.Errorf("%s: Parse returned a project", tt.name)
		}
	}
}

func TestParseValues(t *testing.T) {
	for _, tt := range []struct {
		name  string
		src   string
		check func(p *Project) (got, want any)
	}{
		{"budget with cents", yamlProject("budget: 3518594.00"), func(p *Project) (any, any) { return p.Budget, Money(351859400) }},
		{"budget with two decimals", yamlProject("budget: 12.34"), func(p *Project) (any, any) { return p.Budget, Money(1234) }},
		{"budget zero", yamlProject("budget: 0"), func(p *Project) (any, any) { return p.HasBudget, true }},
		{"no budget", yamlProject("budget:"), func(p *Project) (any, any) { return p.HasBudget, false }},
		{"funding as one value", yamlProject("funding: Brazil"), func(p *Project) (any, any) {
			return slices.Clone(p.Funding), []Value{{"Brazil", diag.Pos{Line: 2, Col: 10}}}
		}},
		{"funding items trimmed", yamlProject("funding: [\"  UNDP \\t Kenya  \"]"), func(p *Project) (any, any) { return valueTexts(p.Funding), "UNDP Kenya" }},
		{"slug from file name", yamlProject(), func(p *Project) (any, any) { return p.Slug, "igf-2011" }},
		{"slug from front matter", yamlProject("slug: forum"), func(p *Project) (any, any) { return p.Slug, "forum" }},
		{"status lower-cased", yamlProject("status: Upcoming"), func(p *Project) (any, any) { return p.Status, Upcoming }},
		{"no status", yamlProject(), func(p *Project) (any, any) { return p.Status, Status("") }},
		{"draft false", yamlProject("draft: false"), func(p *Project) (any, any) { return p.Draft, false }},
		{"draft true in capitals", yamlProject("draft: TRUE"), func(p *Project) (any, any) { return p.Draft, true }},
		{"open-ended", yamlProject(), func(p *Project) (any, any) { return p.End.IsZero(), true }},
		{"CRLF values", strings.ReplaceAll(yamlProject("title: Forum", "code: 1617B"), "\n", "\r\n"), func(p *Project) (any, any) { return p.Title + "|" + p.Code, "Forum|1617B" }},
		{"title spaces collapsed", yamlProject("title: >\n  Internet\n  Governance   Forum"), func(p *Project) (any, any) { return p.Title, "Internet Governance Forum" }},
		{"project kept despite errors", yamlProject("title: T", "budget: -1", "draft: maybe"), func(p *Project) (any, any) { return p.Title, "T" }},
	} {
		p, _ := NewParser(false).Parse(P, []byte(tt.src))
		if p == nil {
			t.Errorf("%s: Parse returned no project", tt.name)
			continue
		}
		got, want := tt.check(p)
		switch g := got.(type) {
		case []Value:
			if !slices.Equal(g, want.([]Value)) {
				t.Errorf("%s: got %+v; want %+v", tt.name, got, want)
			}
		default:
			if got != want {
				t.Errorf("%s: got %#v; want %#v", tt.name, got, want)
			}
		}
	}
}

func TestParseNoProject(t *testing.T) {
	for _, src := range []string{"", "no front matter\n", "---\ntitle: [\n---\n", "---\ntitle: T\n", "a\x00b", "\xff", ";;;\n{\n;;;\n"} {
		if p, l := NewParser(false).Parse(P, []byte(src)); p != nil || !l.HasErrors() {
			t.Errorf("Parse(%q) = %v, %q; want nil and an error", src, p, strs(l))
		}
	}
}
