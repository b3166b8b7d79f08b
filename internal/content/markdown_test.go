package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"portfolio/internal/diag"
)

// withBody returns a valid project file whose body, starting on line 8, is body.
func withBody(body string) string {
	return "---\ntitle: T\nstart: 2019-01\nfunding: [UNDP]\ncountries: [Kenya]\nbudget: 1000\n---\n" + body
}

// parseBody parses src, which may hold raw HTML and "#" headings
// (TestBodyWarnings holds what is said of them), and wants a project and
// no other diagnostic.
func parseBody(t *testing.T, allowHTML bool, src string) *Project {
	t.Helper()
	p, l := NewParser(allowHTML).Parse(P, []byte(src))
	l = slices.DeleteFunc(l, func(d diag.Diagnostic) bool {
		return d.Severity == diag.Warning && (strings.Contains(d.Msg, "is left out of the page") || d.Msg == titleHeadingMsg)
	})
	if len(l) > 0 || p == nil {
		t.Fatalf("Parse(%q): %q; want a project and no diagnostics", src, strs(l))
	}
	return p
}

// TestBodyWarnings: raw HTML left out of the page, and the legacy page's
// stray "br />", are each a warning at its place, saying what to write
// instead; an HTML comment, a closing tag, code, and HTML a site allows
// are not.
func TestBodyWarnings(t *testing.T) {
	const at = "content/projects/igf-2011.md"
	for _, tt := range []struct {
		name      string
		allowHTML bool
		body      string
		want      []string
	}{
		{"inline tags", false, "First.<br />Second, <a href=\"https://example.org\">a link</a> and <b>bold</b>.\n", []string{
			at + ":8:7: warning: HTML <br /> is left out of the page: project pages publish Markdown only; end the line with a backslash for a line break, or leave a blank line for a new paragraph",
			at + ":8:21: warning: HTML <a href=\"https://example.org\"> is left out of the page: project pages publish Markdown only; write a link as [text](https://…)",
			at + ":8:66: warning: HTML <b> is left out of the page: project pages publish Markdown only; write **bold**",
		}},
		{"blocks", false, "Intro.\n\n<div class=\"note\">\nInside a div, which is a long line of text.\n</div>\n\n<p>A paragraph</p>\n", []string{
			at + ":10:1: warning: HTML block <div class=\"note\"> is left out of the page, with the text in it: project pages publish Markdown only; write it as Markdown paragraphs, lists or links",
			at + ":14:1: warning: HTML block <p>A paragraph</p> is left out of the page, with the text in it: project pages publish Markdown only; write it as Markdown paragraphs, lists or links",
		}},
		{"long tag cut", false, "A <span title=\"" + strings.Repeat("x", 50) + "\">b</span>\n", []string{
			at + ":8:3: warning: HTML <span title=\"xxxxxxxxxxxxxxxxxxxxxxxxxxx… is left out of the page: project pages publish Markdown only; write it as Markdown",
		}},
		{"stray breaks", false, "Panama, and Uruguay. br />\n\n## A heading br/>\n\n- an item br />\n", []string{
			at + `:8:22: warning: stray "br />", what is left of an HTML line break; delete it`,
			at + `:10:14: warning: stray "br />", what is left of an HTML line break; delete it`,
			at + `:12:11: warning: stray "br />", what is left of an HTML line break; delete it`,
		}},
		{"title headings", false, "# The Forum\n\nThe Forum\n=========\n\n## A section\n", []string{
			at + `:8:1: warning: a "#" heading is a second top-level heading, after the title the page shows from title:; use "##" for a section`,
			at + `:10:1: warning: a "#" heading is a second top-level heading, after the title the page shows from title:; use "##" for a section`,
		}},
		{"columns in characters, after accented text", false, "Été <b>x</b>\n", []string{
			at + `:8:5: warning: HTML <b> is left out of the page: project pages publish Markdown only; write **bold**`,
		}},
		{"a tag over two lines", false, "See <a\nhref=\"https://x.org\">the site</a>.\n", []string{
			at + `:8:5: warning: HTML <a href="https://x.org"> is left out of the page: project pages publish Markdown only; write a link as [text](https://…)`,
		}},
		{"headings in a list and a quote", false, "- # X\n\n> # Y\n", []string{
			at + `:8:3: warning: a "#" heading is a second top-level heading, after the title the page shows from title:; use "##" for a section`,
			at + `:10:3: warning: a "#" heading is a second top-level heading, after the title the page shows from title:; use "##" for a section`,
		}},
		{"stray breaks beside code and tags", false, "Write `br />` as code. A<br/>B br />\n", []string{
			at + `:8:32: warning: stray "br />", what is left of an HTML line break; delete it`,
			at + `:8:25: warning: HTML <br/> is left out of the page: project pages publish Markdown only; end the line with a backslash for a line break, or leave a blank line for a new paragraph`,
		}},
		{"comments, closing tags and code", false, "<!-- a note to editors -->\n\nText `<br />` and a </b> alone.\n\n    <div>code</div>\n", nil},
		{"allowed", true, "<div>kept</div>\n\nText <br /> kept.\n", nil},
	} {
		_, l := NewParser(tt.allowHTML).Parse(P, []byte(withBody(tt.body)))
		if got := strs(l); !slices.Equal(got, tt.want) {
			t.Errorf("%s: diagnostics\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

func TestBodyHTML(t *testing.T) {
	for _, tt := range []struct {
		name      string
		allowHTML bool
		body      string
		contains  []string
		excludes  []string
	}{
		{"table", false, "| Year | Budget |\n|------|-------:|\n| 2011 | 592,000 |\n",
			[]string{"<table>\n<thead>\n<tr>\n<th>Year</th>\n<th style=\"text-align:right\">Budget</th>", "<td>2011</td>"}, nil},
		{"list", false, "Outputs:\n\n- a report\n- a *forum*\n\n1. first\n2. second\n",
			[]string{"<ul>\n<li>a report</li>\n<li>a <em>forum</em></li>\n</ul>", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>"}, nil},
		{"heading ids", false, "# The Forum\n\n## Our Approach\n\n## Our Approach\n\n### Côte d'Ivoire 2011\n",
			[]string{`<h1 id="the-forum">The Forum</h1>`, `<h2 id="our-approach">Our Approach</h2>`, `<h2 id="our-approach-1">Our Approach</h2>`}, nil},
		{"raw HTML dropped", false, "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b> <script>alert(2)</script>\n",
			[]string{"<!-- raw HTML omitted -->", "Text "}, []string{"<script", "<b", "onclick", "alert(1)"}},
		{"raw HTML block dropped", false, "<div>\n<script>alert(1)</script>\n</div>\n\nAfter.\n",
			[]string{"<p>After.</p>"}, []string{"<script", "<div", "alert"}},
		{"javascript link not linked", false, "[x](javascript:alert(1))\n",
			nil, []string{"javascript:"}},
		{"text escaped", false, "1 < 2 & 3 > 2\n",
			[]string{"<p>1 &lt; 2 &amp; 3 &gt; 2</p>"}, nil},
		{"raw HTML kept when allowed", true, "<script>alert(1)</script>\n\nText <b>bold</b>\n",
			[]string{"<script>alert(1)</script>", "<b>bold</b>"}, []string{"raw HTML omitted"}},
		{"strikethrough and task lists", false, "~~old~~\n\n- [x] done\n",
			[]string{"<del>old</del>", `<input checked="" disabled="" type="checkbox"`}, nil},
	} {
		p := parseBody(t, tt.allowHTML, withBody(tt.body))
		body := string(p.Body)
		for _, s := range tt.contains {
			if !strings.Contains(body, s) {
				t.Errorf("%s: Body lacks %q:\n%s", tt.name, s, body)
			}
		}
		for _, s := range tt.excludes {
			if strings.Contains(body, s) {
				t.Errorf("%s: Body has %q:\n%s", tt.name, s, body)
			}
		}
	}
}

func TestBodySections(t *testing.T) {
	for _, tt := range []struct {
		name string
		body string
		want []Section
	}{
		{"none", "Just text.\n", nil},
		{"level 2 only", "# Title\n\n## Background\n\n### Detail\n\n## Results *so far*\n\nText.\n\n#### Deep\n",
			[]Section{{"background", "Background"}, {"results-so-far", "Results so far"}}},
		{"repeated heading", "## Results\n\n## Results\n", []Section{{"results", "Results"}, {"results-1", "Results"}}},
		{"setext heading", "Background\n----------\n\nText.\n", []Section{{"background", "Background"}}},
		{"code in heading", "## The `portfolio` tool\n", []Section{{"the-portfolio-tool", "The portfolio tool"}}},
		// goldmark makes ids from the heading's source, link address included.
		{"link in heading", "## See [the report](https://example.org)\n", []Section{{"see-the-reporthttpsexampleorg", "See the report"}}},
	} {
		p := parseBody(t, false, withBody(tt.body))
		if !slices.Equal(p.Sections, tt.want) {
			t.Errorf("%s: Sections = %+v; want %+v", tt.name, p.Sections, tt.want)
		}
		for _, s := range p.Sections {
			if h := `<h2 id="` + s.ID + `">`; !strings.Contains(string(p.Body), h) {
				t.Errorf("%s: Body lacks %s for section %q:\n%s", tt.name, h, s.Title, p.Body)
			}
		}
	}
}

func TestBodySummary(t *testing.T) {
	long := strings.Repeat("word ", 100) // 500 bytes
	for _, tt := range []struct {
		name string
		body string
		want string
	}{
		{"empty body", "", ""},
		{"first paragraph", "The forum met in Nairobi.\n\nSecond paragraph.\n", "The forum met in Nairobi."},
		{"inline markup", "This is **bold**, _em_, `code` and [a link](https://example.org).\n", "This is bold, em, code and a link."},
		{"soft line breaks", "One\ntwo\nthree.\n", "One two three."},
		{"after a heading", "# Title\n\n## Background\n\nThe forum met.\n", "The forum met."},
		{"not inside a list", "- item one\n\n  item para\n\nReal summary.\n", "Real summary."},
		{"not inside a quote", "> quoted\n\nReal summary.\n", "Real summary."},
		{"a body of lists: the first list's items", "## Main expectations\n\n- Capacities *reinforced*;\n- Audits performed.\n\n  More on audits.\n\n## Objective\n\n- Coordination\n", "Capacities reinforced; Audits performed"},
		{"a list, then a paragraph", "- item\n\nThe paragraph.\n", "The paragraph."},
		{"a list in a list", "- - inner one\n  - inner two\n- outer\n", "outer"},
		{"raw HTML left out", "Text <b>bold</b> here.\n", "Text bold here."},
		{"bare URL kept", "See https://www.intgovforum.org for more.\n", "See https://www.intgovforum.org for more."},
		{"autolink kept", "Write to <info@example.org> or <https://example.org>.\n", "Write to info@example.org or https://example.org."},
		{"entities resolved", "R&amp;D at AT&T &copy; &#169; 2011.\n", "R&D at AT&T © © 2011."},
		{"escapes resolved", "Not \\*emphasis\\* and 5 \\< 6.\n", "Not *emphasis* and 5 < 6."},
		{"code kept as written", "Run `a\\*b &amp;`.\n", "Run a\\*b &amp;."},
		{"image alt text", "![The forum](forum.jpg) opened.\n", "The forum opened."},
		{"long, cut at a word", long, strings.TrimSpace(strings.Repeat("word ", 48)) + "…"},
		{"long, punctuation trimmed", strings.Repeat("abc, ", 60), strings.TrimSuffix(strings.Repeat("abc, ", 48), ", ") + "…"},
		{"exactly the limit", strings.Repeat("x", summaryLen), strings.Repeat("x", summaryLen)},
		{"long word, cut at a rune", strings.Repeat("é", 200), strings.Repeat("é", 120) + "…"},
		{"long word, odd offset", "a" + strings.Repeat("é", 200), "a" + strings.Repeat("é", 119) + "…"},
		{"long word, 3-byte runes", strings.Repeat("€", 100), strings.Repeat("€", 80) + "…"},
		{"long word, 4-byte runes", "ab" + strings.Repeat("😀", 100), "ab" + strings.Repeat("😀", 59) + "…"},
	} {
		p := parseBody(t, false, withBody(tt.body))
		if p.Summary != tt.want {
			t.Errorf("%s: Summary =\n\t%q\nwant\n\t%q", tt.name, p.Summary, tt.want)
		}
		if !utf8.ValidString(p.Summary) {
			t.Errorf("%s: Summary %q is not valid UTF-8", tt.name, p.Summary)
		}
		if n := len(strings.TrimSuffix(p.Summary, "…")); n > summaryLen {
			t.Errorf("%s: Summary is %d bytes before its ellipsis; want at most %d", tt.name, n, summaryLen)
		}
	}
}

func TestShorten(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three", 9, "one two…"},
		{"one two three", 7, "one two…"},
		{"one two three", 6, "one…"},
		{"one, two. three", 10, "one, two…"},
		{"abcdefghij", 5, "abcde…"},
		{"ééééé", 5, "éé…"},
		{"日本語のテキスト", 7, "日本…"},
		{"", 0, ""},
	} {
		if got := shorten(tt.s, tt.n); got != tt.want {
			t.Errorf("shorten(%q, %d) = %q; want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestBodyText(t *testing.T) {
	for _, tt := range []struct {
		name string
		body string
		want string
	}{
		{"empty", "", ""},
		{"blocks separated", "# Title\n\nFirst *para*.\nSecond line.\n\n- one\n- two\n", "Title First para. Second line. one two"},
		{"table cells separated", "| Year | Budget |\n|---|---|\n| 2011 | 592000 |\n", "Year Budget 2011 592000"},
		{"raw HTML left out", "<div>hidden</div>\n\nShown <span>inline</span>.\n", "Shown inline."},
		{"links and autolinks", "[the report](https://a.org) and https://b.org and <https://c.org>\n", "the report and https://b.org and https://c.org"},
		{"entities and escapes", "R&amp;D \\*x\\*\n", "R&D *x*"},
		{"code block kept", "Run:\n\n```sh\nportfolio build\n```\n\n    indented code\n", "Run: portfolio build indented code"},
		{"hard line break", "one  \ntwo\\\nthree\n", "one two three"},
	} {
		p := parseBody(t, false, withBody(tt.body))
		if p.Text != tt.want {
			t.Errorf("%s: Text =\n\t%q\nwant\n\t%q", tt.name, p.Text, tt.want)
		}
	}
}

func TestBodyLinks(t *testing.T) {
	// Every body starts on line 8 of the file withBody makes.
	for _, tt := range []struct {
		name string
		src  string
		want []string // "line:col url"
	}{
		{"inline link", withBody("See [the report](https://a.org).\n"), []string{"8:5 https://a.org"}},
		{"second line of a paragraph", withBody("First line\nand [x](https://a.org) [y](https://b.org)\n"),
			[]string{"9:5 https://a.org", "9:24 https://b.org"}},
		{"link text with markup", withBody("A [**bold**](https://a.org) and [`code`](https://b.org) and [_e_ x](https://c.org)\n"),
			[]string{"8:3 https://a.org", "8:33 https://b.org", "8:61 https://c.org"}},
		{"empty link text", withBody("An [](https://a.org) link\n"), []string{"8:4 https://a.org"}},
		{"image as link text", withBody("A [![logo](logo.png)](https://a.org)\n"), []string{"8:3 https://a.org", "8:4 image logo.png"}},
		{"bare URL", withBody("See https://a.org/x and www.b.org.\n"), []string{"8:5 https://a.org/x", "8:25 http://www.b.org"}},
		{"autolinks", withBody("Write <https://a.org> or <info@b.org>\n"), []string{"8:8 https://a.org", "8:27 mailto:info@b.org"}},
		{"reference link", withBody("See [the report][r].\n\n[r]: https://a.org\n"), []string{"8:5 https://a.org"}},
		{"in a list", withBody("Intro.\n\n- one\n  - [nested](https://a.org)\n"), []string{"11:5 https://a.org"}},
		{"in a table", withBody("| a | b |\n|---|---|\n| x | [y](https://a.org) |\n"), []string{"10:7 https://a.org"}},
		{"in a heading", withBody("## [Heading](https://a.org)\n"), []string{"8:4 https://a.org"}},
		{"images", withBody("An ![](/missing.png) and ![x](javascript:alert(1)) [![logo](logo.png)](https://a.org)\n"),
			[]string{"8:4 image /missing.png", "8:26 image javascript:alert(1)", "8:52 https://a.org", "8:53 image logo.png"}},
		{"in a quote", withBody("> quoted [q](https://a.org)\n"), []string{"8:10 https://a.org"}},
		{"relative", withBody("[other](../other-project/)\n"), []string{"8:1 ../other-project/"}},
		{"after blank lines", "\n\n" + withBody("\n\n[x](https://a.org)\n"), []string{"12:1 https://a.org"}},
		{"CRLF", strings.ReplaceAll(withBody("Line\n[x](https://a.org) <https://b.org>\n"), "\n", "\r\n"),
			[]string{"9:1 https://a.org", "9:21 https://b.org"}},
		{"BOM", "\ufeff" + withBody("[x](https://a.org)\n"), []string{"8:1 https://a.org"}},
		{"yaml front matter opened with its name", "---yaml\ntitle: T\nstart: 2019-01\nfunding: [UNDP]\ncountries: [Kenya]\nbudget: 1\n---\n[x](https://a.org)\n",
			[]string{"8:1 https://a.org"}},
	} {
		p := parseBody(t, false, tt.src)
		got := []string{}
		for _, l := range p.Links {
			image := ""
			if l.Image {
				image = "image "
			}
			got = append(got, fmt.Sprintf("%d:%d %s%s", l.Pos.Line, l.Pos.Col, image, l.URL))
		}
		if tt.want == nil {
			tt.want = []string{}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Links = %q; want %q", tt.name, got, tt.want)
		}
		// The position must point at the link's "[" or at its URL as written.
		lines := strings.Split(strings.TrimPrefix(tt.src, "\ufeff"), "\n")
		for _, l := range p.Links {
			if l.Pos.Line < 1 || l.Pos.Line > len(lines) || l.Pos.Col < 1 || l.Pos.Col > len(lines[l.Pos.Line-1]) {
				t.Errorf("%s: link %s at %v is outside the file", tt.name, l.URL, l.Pos)
				continue
			}
			if c := lines[l.Pos.Line-1][l.Pos.Col-1]; !strings.ContainsRune("[!hwi", rune(c)) {
				t.Errorf("%s: link %s at %v points at %q; want its \"[\" or its URL", tt.name, l.URL, l.Pos, c)
			}
		}
	}
}

func TestBodyLinkPositionType(t *testing.T) {
	p := parseBody(t, false, withBody("[x](https://a.org)\n"))
	want := []Link{{URL: "https://a.org", Pos: diag.Pos{Line: 8, Col: 1}}}
	if !slices.Equal(p.Links, want) {
		t.Errorf("Links = %+v; want %+v", p.Links, want)
	}
}

// TestDistinctWords checks the search words against their definition:
// the maximal runs of letters, digits and hyphens, lower-cased, hyphens
// trimmed, of three characters or more, each once, in order of appearance.
func TestDistinctWords(t *testing.T) {
	want := func(text string) string {
		seen := map[string]bool{}
		var out []string
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
		}) {
			w = strings.Trim(w, "-")
			if utf8.RuneCountInString(w) >= 3 && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
		return strings.Join(out, " ")
	}
	for _, text := range []string{
		"", "ab", "Côte d'Ivoire and CÔTE again", "e-government, --e-gov--, e-Government",
		"2015–2019: 17 SDGs; ODA 0.7%", "Ünïcödé straße STRASSE", "a\xffbcd\xfe efg", "word", "tail-",
		"Least Developed Countries (LDCs) and least developed countries",
		"Data DATA data dAtA", "X-Ray x-ray X-RAY", "\u212aelvin kelvin KELVIN", "İstanbul ISTANBUL istanbul",
		"ÉCOLE école Ecole ECOLE", "ab\u0301c ABC abc",
	} {
		if got := distinctWords(text, map[string]struct{}{}); got != want(text) {
			t.Errorf("distinctWords(%q) = %q, want %q", text, got, want(text))
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	for _, text := range []string{"", "  ", "a", " a  b\tc\n\nd ", "\u00a0x\u2003y\u3000", "bad\xff \xfebytes", "é  à"} {
		if got, want := collapseSpace(text), strings.Join(strings.Fields(text), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", text, got, want)
		}
	}
}
