package content

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// corpus names a generated site (the benchmark's: gen_corpus.py --n 10000
// --out DIR) whose project files TestFlatYAMLProjects reads too:
// go test ./internal/content -run FlatYAMLProjects -args -corpus DIR.
var corpus = flag.String("corpus", "", "TestFlatYAMLProjects: a generated site whose content/projects to read as well")

// yamlFrontMatter returns the YAML front matter of a project file, as Parse
// hands it to decodeYAML, or false if the file has none.
func yamlFrontMatter(data []byte) ([]byte, bool) {
	front, _, format, err := adrgSplit(normalized(data))
	return front, err == nil && (format == 0 || format == 1) // "---" or "---yaml"
}

// checkFlatYAML decodes data with decodeFlatYAML and, if it accepts data,
// checks that yaml.v3 decodes it into the very same tree. It reports
// whether decodeFlatYAML accepted data.
func checkFlatYAML(t *testing.T, what string, data []byte) bool {
	t.Helper()
	flat, ok := decodeFlatYAML(data)
	if !ok {
		if flat != nil {
			t.Errorf("%s: decodeFlatYAML refuses the text but returns a tree", what)
		}
		return false
	}
	full, err := decodeFullYAML(data)
	if err != nil {
		t.Errorf("%s: decodeFlatYAML accepts a front matter that yaml.v3 refuses (%v):\n%s", what, err, data)
		return true
	}
	if got, want := dumpTree(flat), dumpTree(full); got != want || !reflect.DeepEqual(flat, full) {
		t.Errorf("%s: decodeFlatYAML tree differs from yaml.v3's for\n%q\ngot:\n%swant:\n%s", what, data, got, want)
	}
	return true
}

// dumpTree writes a tree out a line a node, for messages.
func dumpTree(n *node) string {
	var b strings.Builder
	var dump func(n *node, indent string)
	dump = func(n *node, indent string) {
		fmt.Fprintf(&b, "%s%d:%d kind %d scalar %d %q\n", indent, n.pos.Line, n.pos.Col, n.kind, n.scalar, n.text)
		for _, f := range n.fields {
			fmt.Fprintf(&b, "%s  key %q at %d:%d:\n", indent, f.key, f.pos.Line, f.pos.Col)
			dump(f.val, indent+"    ")
		}
		for _, c := range n.items {
			dump(c, indent+"  - ")
		}
	}
	dump(n, "")
	return b.String()
}

// TestFlatYAMLProjects checks that the fast path reads every real project
// and every generated one — were it to give up on them it would be dead
// code — and reads them as yaml.v3 does.
func TestFlatYAMLProjects(t *testing.T) {
	for _, dir := range projectDirs() {
		paths, files := projectFiles(t, dir)
		for i, data := range files {
			fm, ok := yamlFrontMatter(data)
			if !ok {
				t.Errorf("%s: no YAML front matter", paths[i])
				continue
			}
			if !checkFlatYAML(t, paths[i], fm) {
				t.Errorf("%s: decodeFlatYAML does not read the front matter\n%s", paths[i], fm)
			}
		}
	}
}

// TestFlatYAMLFixtures checks the fixture sites' project files, invalid
// ones included: whatever the fast path reads, it reads as yaml.v3 does.
func TestFlatYAMLFixtures(t *testing.T) {
	read, flat := 0, 0
	eachFixture(t, func(path string, data []byte) {
		if fm, ok := yamlFrontMatter(data); ok {
			read++
			if checkFlatYAML(t, path, fm) {
				flat++
			}
		}
	})
	if read == 0 || flat == 0 {
		t.Errorf("%d YAML front matters in the fixtures, %d read by the fast path; want some of each", read, flat)
	}
	t.Logf("%d of %d fixture front matters read by the fast path", flat, read)
}

// TestFlatYAMLForms lists what the fast path reads and some of what it
// leaves to yaml.v3.
func TestFlatYAMLForms(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		flat       bool
	}{
		{"typical", "title: \"Strengthening e-government in Congo, The Democratic Republic of the\"\ncode: \"1176Z\"\nstart: 2011-03\nend: 2012-04\nfunding:\n  - \"XBTC\"\n  - \"Development Account (DA)\"\nbudget: 5257000\ndivision: DPADM\ncountries:\n  - Africa\npartners: []\n", true},
		{"blank lines", "\n\ntitle: T\n  \n\nfunding:\n\n  - a\n   \n  - b\n\n", true},
		{"unindented items", "funding:\n- a\n-   'b'\ncountries:\n    - c\n", true},
		{"flow sequences", "funding: [Norway]\ncountries: [ Peru ,Togo, \"Viet Nam\", 'Côte d’Ivoire' ]\nsdgs: [9, 16]\npartners: [ ]\n", true},
		{"flow sequence after non-ASCII", "countries: [Türkiye, Côte d'Ivoire, 'Åland', \"\"]\n", true},
		{"quoted", "title: \"a: b, [c] 'd' & *e\"\ncode: '1617B \"x\"'\nslug: \"\"\nlink: ''\n", true},
		{"plain text", "title: Open data, 2014–2016 (ITU) & more http://x.org/a?b=c\ndivision: Ünïcode\nstatus: current\n", true},
		{"numbers and dates", "budget: 0\nb: 5257000\nc: 123456789012345678\nstart: 2011-03\nend: 2011-02-30\nday: 2011-02-03\n", true},
		{"internal spaces", "title: a  b   c  \n", true},
		{"keys", "a_b-c: x\n_x: w\nA1: z\n", true},
		{"ends without a line break", "title: T", true},

		{"empty", "", false},
		{"blank", "\n  \n", false},
		{"empty values", "title:\nstart:   \n\npartners:", true},
		{"empty value before items", "title:\nfunding:\n- a\n", true},
		{"empty item", "funding:\n  -\n  - a\n", false},
		{"empty plain flow item", "funding: [a, , b]\n", false},
		{"trailing comma", "funding: [a, b,]\n", false},
		{"flow on two lines", "funding: [a,\n  b]\n", false},
		{"flow after sequence", "funding: [a] b\n", false},
		{"nested flow", "funding: [[a]]\n", false},
		{"flow mapping", "funding: {a: b}\n", false},
		{"flow pair", "funding: [a: b]\n", false},
		{"comment", "title: T # note\n", false},
		{"comment line", "# note\ntitle: T\n", true},
		{"comment lines as portfolio new writes them", "# Required. The project's name.\ntitle: \"Test project\"\n# code: \"\"\nstart: 2026-11\n# Required, at least one donor.\nfunding:\n  - Development Account (DA)\n# budget: 500000\ncountries:\n  # between items\n  - Least Developed Countries\n# partners:\n#   - United Nations Development Programme (UNDP)\n", true},
		{"comment line after an empty value", "title:\n# note\nstart: 2026-11\n", true},
		{"comment after a plain scalar", "title: abc\n  # note\nstart: 2026-11\n", true},
		{"hash inside a value", "title: C# training\n", false},
		{"hash inside quotes", "title: \"C# training\"\n", false},
		{"hash in quotes", "title: \"#1\"\n", false},
		{"tab", "title:\tT\n", false},
		{"crlf", "title: T\r\n", false},
		{"bom", "\ufefftitle: T\n", false},
		{"line separator", "title: a\u2028b\n", false},
		{"next line", "title: a\u0085b\n", false},
		{"control", "title: a\x01b\n", false},
		{"invalid UTF-8", "title: a\xffb\n", false},
		{"escape", "title: \"a\\nb\"\n", false},
		{"doubled single quote", "title: 'it''s'\n", false},
		{"unclosed quote", "title: \"T\n", false},
		{"text after quote", "title: \"T\" x\n", false},
		{"anchor", "title: &a T\n", false},
		{"alias", "title: *a\n", false},
		{"tag", "title: !!str 1\n", false},
		{"block scalar", "title: |\n  T\n", false},
		{"multi-line plain", "title: a\n  b\n", false},
		{"multi-line item", "funding:\n  - a\n    b\n", false},
		{"continuation after blank", "title: a\n\n  b\n", false},
		{"nested sequence", "funding:\n  - - a\n", false},
		{"mapping in sequence", "funding:\n  - a: b\n", false},
		{"nested mapping", "title:\n  en: T\n", false},
		{"items indented unlike", "funding:\n  - a\n    - b\n", false},
		{"items indented less", "funding:\n    - a\n  - b\n", false},
		{"items after scalar", "title: T\n  - a\n", false},
		{"items after flow", "funding: []\n- a\n", false},
		{"indented key", "  title: T\n", false},
		{"no space after colon", "title:T\n", false},
		{"space before colon", "title : T\n", false},
		{"colon space in value", "title: a: b\n", false},
		{"colon at end", "title: a:\n", false},
		{"duplicate key", "title: a\ntitle: b\n", false},
		{"document start", "---\ntitle: T\n", false},
		{"document end", "title: T\n...\n", false},
		{"directive", "%YAML 1.2\n---\ntitle: T\n", false},
		{"merge key", "<<: {a: b}\n", false},
		{"quoted key", "\"title\": T\n", false},
		{"non-ASCII key", "títle: T\n", false},
		{"booleans", "draft: true\nb: False\nc: TRUE\nd: [false, True]\n", true},
		{"other boolean spellings", "draft: tRUE\n", false},
		{"special words", "a: Yes\n", false},
		{"null", "a: ~\n", false},
		{"fractions", "budget: 1500000.50\nb: 0.5\nc: 00.0\nd: [1.25]\n", true},
		{"fraction without digits after the point", "budget: 1.\n", false},
		{"two points", "budget: 1.2.3\n", false},
		{"exponent", "budget: 1e6\n", false},
		{"leading zero", "budget: 0777\n", false},
		{"underscore", "budget: 1_000\n", false},
		{"hex", "budget: 0x10\n", false},
		{"negative", "budget: -1\n", false},
		{"19 digits", "budget: 1234567890123456789\n", false},
		{"date and time", "start: 2019-01-02T10:00:00Z\n", false},
		{"short month", "start: 2019-1\n", false},
		{"codes", "code: 1617B\nb: 1e\nc: 1E5x\nd: 9AB7\ne: [2595B, 12ee3]\n", true},
		{"exponent code", "code: 12E34\n", false},
		{"code starting with zero", "code: 0b1\n", false},
		{"code with hyphen", "code: 1617-B\n", false},
		{"code with underscore", "code: 1_6B\n", false},
		{"dot start", "a: .inf\n", false},
		{"symbol start", "a: (DA)\n", false},
		{"brackets in plain", "a: b [c]\n", false},
	} {
		if got := checkFlatYAML(t, tc.name, []byte(tc.yaml)); got != tc.flat {
			t.Errorf("%s: decodeFlatYAML accepts it: %v, want %v\n%s", tc.name, got, tc.flat, tc.yaml)
		}
	}
}

// flatGood and flatNear are the values TestFlatYAMLGenerated builds front
// matters from: ones the fast path reads, and near misses it must leave to
// yaml.v3.
var (
	flatGood = []string{
		"Peru", "Côte d'Ivoire", "a  b", "UN-Women", "x,y", "O'Brien", `a "b" c`, "http://x.org/a?b", "R&D *x* !y",
		"Ünïcode", "ǅx", "true", "False", "TRUE", "0", "7", "0.25", "00.5", "123456789012345678", "1E5x", "1e",
		"1617B", "2019-01", "2019-01-02", "2019-02-30", "a:b", "[a, b]", "[ a ,b ]", "[]", "[ ]", `['a', "b", c]`,
		"[a b, 'c d']", "[é, ü, ẞ]", "[9, 16, 2019-01, 1.5, true]", `"q"`, "'q'", `""`, "''", `"a, b: c #d"`,
		"'[a]: &b'", `"-1"`, "'~'", `"it's"`,
	}
	flatNear = []string{
		"٣a", "tRue", "yes", "No", "on", "null", "Null", "~", "y", "007", "-1", "+1", "1.", ".5", "1e5", "1_000",
		"0x1F", "0o7", "0b1", "1234567890123456789", "2019-1", "2019-01-02T10:00:00Z", "12:30", "a: b", "a:",
		"a :", "- a", "-a", "? a", "?a", ":a", ",a", "%a", "@a", "`a", "[a,]", "[a, [b]]", "[a: b]", "[a?b]",
		"{a: b}", "&a x", "*a", "!t x", "!!str 1", "|", ">", "'it''s'", `"a" b`, "'a", "a [b]", "a {b}", "a ]",
		"a # b", "a\tb", `"a\"b"`, "a\u2028b", "\ufeffa",
	}
)

// TestFlatYAMLGenerated builds front matters of random keys, values, block
// sequences, indentations, blank lines and trailing spaces, and checks that
// whatever the fast path reads, it reads as yaml.v3 does.
func TestFlatYAMLGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	value := func() string {
		if r.IntN(10) == 0 {
			return pick(flatNear...)
		}
		return pick(flatGood...)
	}
	flat := 0
	const docs = 20000
	for range docs {
		var b strings.Builder
		for i := range 1 + r.IntN(6) {
			b.WriteString(pick("", "", "\n", "  \n"))
			key := pick("title", "a", "_x", "k-1", "Key9")
			if r.IntN(10) > 0 {
				key += strconv.Itoa(i) // mostly keys set once
			}
			if r.IntN(3) > 0 {
				fmt.Fprintf(&b, "%s:%s%s%s\n", key, pick(" ", " ", " ", "  ", ""), value(), pick("", "", " "))
				continue
			}
			fmt.Fprintf(&b, "%s:%s\n", key, pick("", "", " "))
			indent := pick("", "  ", "  ", " ", "    ")
			for range r.IntN(4) {
				if r.IntN(20) == 0 {
					indent = pick("", " ", "  ", "   ")
				}
				fmt.Fprintf(&b, "%s-%s%s%s\n", indent, pick(" ", " ", " ", "   ", ""), value(), pick("", "", "  ", "\n"))
			}
			if r.IntN(20) == 0 {
				b.WriteString(pick("  more\n", " - x\n", "    more\n", "\n  more\n"))
			}
		}
		if checkFlatYAML(t, "generated", []byte(b.String())) {
			flat++
		}
	}
	if flat < docs/5 {
		t.Errorf("the fast path reads %d of %d generated front matters; want more, or the test tests little", flat, docs)
	}
	t.Logf("the fast path reads %d of %d generated front matters", flat, docs)
}

// FuzzFrontMatterFast checks that whatever front matter decodeFlatYAML
// reads, yaml.v3 reads into the same tree: values, kinds, positions, keys
// in order and items.
func FuzzFrontMatterFast(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFlatYAML(t, "fuzz input", data)
	})
}

// BenchmarkDecodeYAML decodes the real projects' front matters with the
// fast path (falling back as decodeYAML does) and with yaml.v3 alone.
func BenchmarkDecodeYAML(b *testing.B) {
	_, files := realFiles(b)
	var fms [][]byte
	for _, data := range files {
		if fm, ok := yamlFrontMatter(data); ok {
			fms = append(fms, fm)
		}
	}
	for _, bc := range []struct {
		name   string
		decode func([]byte) (*node, error)
	}{{"flat", decodeYAML}, {"yaml.v3", decodeFullYAML}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, fm := range fms {
					if _, err := bc.decode(fm); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(fms)), "ns/file")
		})
	}
}
