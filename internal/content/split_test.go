package content

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/adrg/frontmatter"
)

// adrgSplit runs frontmatter.Parse with formats() as Parse did before
// splitYAML, and returns the bytes it hands a callback, the body it
// returns and its error; format is the index in formats() of the format
// whose callback ran, or -1 if none did.
func adrgSplit(data []byte) (front, body []byte, format int, err error) {
	format = -1
	fs := formats()
	for i, f := range fs {
		f.Unmarshal = func(b []byte, _ any) error {
			front, format = bytes.Clone(b), i
			return nil
		}
	}
	body, err = frontmatter.Parse(bytes.NewReader(data), new(int), fs...)
	return front, body, format, err
}

// checkSplit checks splitYAML against frontmatter.Parse on data as it is
// and as Parse hands it over (without a byte order mark, line ends made
// "\n" or "\r\n"): where splitYAML cuts, frontmatter.Parse must cut the
// same front matter and body with the "---" format, and frontMatter must
// decode what frontmatter.Parse decodes. It reports whether splitYAML
// accepted data as given.
func checkSplit(t *testing.T, what string, data []byte) bool {
	t.Helper()
	ok := checkSplitOnce(t, what, data)
	if clean := normalized(data); !bytes.Equal(clean, data) {
		checkSplitOnce(t, what+" (as Parse sees it)", clean)
	}
	return ok
}

func checkSplitOnce(t *testing.T, what string, data []byte) bool {
	t.Helper()
	orig := bytes.Clone(data)
	front, body, ok := splitYAML(data)
	if !bytes.Equal(data, orig) {
		t.Fatalf("%s: splitYAML changed its input", what)
	}
	if !ok {
		if front != nil || body != nil {
			t.Errorf("%s: splitYAML declines but returns front %q, body %q", what, front, body)
		}
		return false
	}
	wantFront, wantBody, format, err := adrgSplit(data)
	switch {
	case err != nil || format != 0:
		t.Errorf("%s: splitYAML cuts %q, but frontmatter.Parse runs format %d (error %v) on\n%q", what, front, format, err, data)
	case !bytes.Equal(front, wantFront):
		t.Errorf("%s: front matter %q, frontmatter.Parse hands over %q, from\n%q", what, front, wantFront, data)
	case !bytes.Equal(body, wantBody):
		t.Errorf("%s: body %q, frontmatter.Parse returns %q, from\n%q", what, body, wantBody, data)
	}
	checkFrontMatter(t, what, data)
	return true
}

// checkFrontMatter checks that frontMatter gives Parse exactly what
// frontmatter.Parse did: the same decoded tree or error, whether a decoder
// ran, the same body and error. Those are all Parse takes from it.
func checkFrontMatter(t *testing.T, what string, data []byte) {
	t.Helper()
	var got, want decoded
	gotBody, gotErr := frontMatter(data, &got)
	wantBody, wantErr := frontmatter.Parse(bytes.NewReader(data), &want, formats()...)
	if !reflect.DeepEqual(got, want) || !bytes.Equal(gotBody, wantBody) || !reflect.DeepEqual(gotErr, wantErr) {
		t.Errorf("%s: frontMatter gives ran %v, error %v, body %q, error %v;\nfrontmatter.Parse gives ran %v, error %v, body %q, error %v",
			what, got.ran, got.err, gotBody, gotErr, want.ran, want.err, wantBody, wantErr)
	}
}

// TestSplitYAMLProjects checks that splitYAML cuts every real project file
// (and, with -corpus, every generated one) — were it to decline them it
// would be dead code — and cuts them as frontmatter.Parse does.
func TestSplitYAMLProjects(t *testing.T) {
	for _, dir := range projectDirs() {
		paths, files := projectFiles(t, dir)
		for i, data := range files {
			if !checkSplit(t, paths[i], normalized(data)) {
				t.Errorf("%s: splitYAML declines a project file", paths[i])
			}
		}
		t.Logf("%s: splitYAML cuts all %d project files", dir, len(paths))
	}
}

// TestSplitYAMLFixtures checks every Markdown file of the fixture sites,
// the invalid ones included.
func TestSplitYAMLFixtures(t *testing.T) {
	read, cut := 0, 0
	eachFixture(t, func(path string, data []byte) {
		read++
		if checkSplit(t, path, data) {
			cut++
		}
	})
	if read == 0 || cut == 0 || cut == read {
		t.Errorf("splitYAML cuts %d of %d fixture files; want some but not all", cut, read)
	}
	t.Logf("splitYAML cuts %d of %d fixture files", cut, read)
}

// TestParseKeepsData checks that Parse leaves the bytes it is given as they
// were: splitYAML hands the decoders and Markdown slices of them, where
// frontmatter.Parse handed over copies, and Load sums them after parsing.
func TestParseKeepsData(t *testing.T) {
	p := NewParser(false)
	paths, files := realFiles(t)
	for i, data := range files {
		orig := bytes.Clone(data)
		p.Parse(paths[i], data)
		if !bytes.Equal(data, orig) {
			t.Errorf("%s: Parse changed the file's bytes", paths[i])
		}
	}
	for _, c := range splitCases {
		data := []byte(c.in)
		p.Parse("content/projects/case.md", data)
		if string(data) != c.in {
			t.Errorf("%s: Parse changed the file's bytes", c.name)
		}
	}
}

// splitCases are files splitYAML must cut (ok) or leave to the frontmatter
// package. Each is also checked against frontmatter.Parse.
var splitCases = []struct {
	name string
	in   string
	ok   bool
}{
	{"usual", "---\ntitle: A\n---\n\nBody.\n", true},
	{"body right after", "---\na: 1\n---\nBody", true},
	{"closing line last, no newline", "---\na: 1\n---", true},
	{"closing line last", "---\na: 1\n---\n", true},
	{"empty front matter", "---\n---\nBody\n", true},
	{"empty front matter, nothing after", "---\n---", true},
	{"blank front matter", "---\n\n  \n---\nBody\n", true},
	{"third delimiter in body", "---\na: 1\n---\n---\n", true},
	{"four dashes", "---\na: 1\n----\n---\nb\n", true},
	{"dashes with space inside", "---\na: 1\n- - -\n-- -\n---\nb\n", true},
	{"dashes in a value", "---\na: ---\nb: \"---\"\n---\nb\n", true},
	{"CRLF body after LF front", "---\na: 1\n---\r\nb\r\n", false},
	{"CRLF only in body", "---\na: 1\n---\nb\r\nc\r\n", true},
	{"lone CR in front matter", "---\na: 1\rb: 2\n---\n", true},
	{"YAML document end", "---\na: 1\n...\n---\nb\n", true},
	{"invalid UTF-8 in front matter", "---\na: \xff\n---\n", true},
	{"NUL in body", "---\na: 1\n---\n\x00", true},
	{"broken YAML", "---\na: [1\n---\nb\n", true},
	{"front matter a list", "---\n- a\n---\n", true},

	{"empty file", "", false},
	{"just the opener", "---", false},
	{"just the opener and newline", "---\n", false},
	{"never closed", "---\na: 1\n", false},
	{"never closed, no newline", "---\na: 1", false},
	{"closed with dots", "---\na: 1\n...\n", false},
	{"leading blank line", "\n---\na: 1\n---\n", false},
	{"leading spaces line", "  \n---\na: 1\n---\n", false},
	{"leading CRLF", "\r\n---\na: 1\n---\n", false},
	{"byte order mark", "\ufeff---\na: 1\n---\n", false},
	{"opener indented", " ---\na: 1\n---\n", false},
	{"opener trailing space", "--- \na: 1\n---\n", false},
	{"opener trailing tab", "---\t\na: 1\n---\n", false},
	{"opener CRLF", "---\r\na: 1\r\n---\r\n", false},
	{"opener CR only", "---\ra: 1\r---\r", false},
	{"opener ---yaml", "---yaml\na: 1\n---\n", false},
	{"opener ---toml", "---toml\na = 1\n---\n", false},
	{"opener ---json", "---json\n{\"a\": 1}\n---\n", false},
	{"opener four dashes", "----\na: 1\n----\n", false},
	{"opener with NUL", "---\x00\na: 1\n---\n", false},
	{"TOML", "+++\na = 1\n+++\nb\n", false},
	{"JSON semicolons", ";;;\n{\"a\": 1}\n;;;\nb\n", false},
	{"JSON object", "{\n\"a\": 1\n}\n\nb\n", false},
	{"no front matter", "# Title\n\nBody\n", false},
	{"closing indented", "---\na: 1\n  ---\nb\n", false},
	{"closing indented before exact", "---\na: 1\n  ---\n---\nb\n", false},
	{"closing trailing space before exact", "---\na: 1\n--- \n---\nb\n", false},
	{"closing trailing space, last", "---\na: 1\n--- ", false},
	{"closing tab", "---\na: 1\n\t---\n---\n", false},
	{"closing CR", "---\na: 1\n---\r\n", false},
	{"closing vertical tab and form feed", "---\na: 1\n\v---\f\n---\n", false},
	{"closing no-break space", "---\na: 1\n\u00a0---\n---\n", false},
	{"closing next line", "---\na: 1\n---\u0085\n---\n", false},
	{"closing ideographic space", "---\na: 1\n---\u3000\n---\n", false},
	{"dashes in a block scalar", "---\na: |\n  ---\n  b\n---\nc\n", false},
	{"closing after blank-looking invalid UTF-8", "---\na: 1\n\xff---\n", false},
}

// TestSplitYAMLCases checks the hand-written cases: accepted or declined as
// listed, and where accepted, cut as frontmatter.Parse cuts.
func TestSplitYAMLCases(t *testing.T) {
	for _, c := range splitCases {
		if got := checkSplitOnce(t, c.name, []byte(c.in)); got != c.ok {
			t.Errorf("%s: splitYAML(%q) accepts = %v, want %v", c.name, c.in, got, c.ok)
		}
	}
}

// FuzzSplitFrontMatter checks that wherever splitYAML cuts a file, it cuts
// it as frontmatter.Parse does, and frontMatter decodes what it decodes.
func FuzzSplitFrontMatter(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSplit(t, "fuzz input", data)
	})
}

// BenchmarkFrontMatter cuts and decodes the real projects' front matters
// with frontMatter and with frontmatter.Parse alone.
func BenchmarkFrontMatter(b *testing.B) {
	_, files := realFiles(b)
	for i, data := range files {
		files[i] = normalized(data)
	}
	for _, bc := range []struct {
		name  string
		parse func([]byte, *decoded) ([]byte, error)
	}{
		{"split", frontMatter},
		{"frontmatter.Parse", func(data []byte, d *decoded) ([]byte, error) {
			return frontmatter.Parse(bytes.NewReader(data), d, formats()...)
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, data := range files {
					var d decoded
					if _, err := bc.parse(data, &d); err != nil || d.err != nil {
						b.Fatal(err, d.err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/file")
		})
	}
}
