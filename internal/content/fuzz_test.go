package content

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"portfolio/internal/diag"
)

// The fuzz targets' seeds are in testdata/fuzz/<target>/: real project
// files and hostile ones. Plain go test runs every seed; make fuzz explores.

// FuzzParseDate checks that ParseDate never panics, that what it accepts is
// a real day or month that String writes back as it was given, and that
// what it refuses comes with a message.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Errorf("ParseDate(%q) = %v with error %v; want the zero Date", s, d, err)
			}
			if !strings.HasPrefix(err.Error(), "date ") {
				t.Errorf("ParseDate(%q): error %q does not name the date", s, err)
			}
			return
		}
		if d.IsZero() {
			t.Fatalf("ParseDate(%q) = zero Date without error", s)
		}
		if got := d.String(); got != strings.TrimSpace(s) {
			t.Errorf("ParseDate(%q).String() = %q; want the input back", s, got)
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Errorf("ParseDate(%q) = %v, %v; does not round-trip from %v", d.String(), again, err, d)
		}
		first, last := d.First(), d.Last()
		if last.Before(first) || first.Year() != d.Year || first.Month() != d.Month || last.Month() != d.Month {
			t.Errorf("%v covers %v to %v", d, first, last)
		}
		if d.Day > 0 && (first.Day() != d.Day || !first.Equal(last)) {
			t.Errorf("%v is normalised to %v", d, first)
		}
	})
}

// fuzzPath is the path FuzzParse's files are parsed as.
const fuzzPath = "content/projects/f.md"

// FuzzParse runs the whole single-file parser: it must never panic, every
// diagnostic must name the file and, when it has a position, a line and
// column that exist in the file, and no body may carry a script.
func FuzzParse(f *testing.F) {
	p := NewParser(false)
	f.Fuzz(func(t *testing.T, data []byte) {
		proj, l := p.Parse(fuzzPath, data)
		checkFuzzDiags(t, data, l)
		if proj == nil {
			if !l.HasErrors() {
				t.Errorf("no project and no error")
			}
			return
		}
		if proj.Path != fuzzPath {
			t.Errorf("project path %q", proj.Path)
		}
		if strings.Contains(strings.ToLower(string(proj.Body)), "<script") {
			t.Errorf("body carries a script:\n%s", proj.Body)
		}
		if !utf8.ValidString(string(proj.Body)) || !utf8.ValidString(proj.Text) || !utf8.ValidString(proj.Summary) {
			t.Errorf("body, text or summary is not valid UTF-8")
		}
		for _, v := range append(append([]Value(nil), proj.Countries...), proj.Funding...) {
			checkFuzzPos(t, data, v.Pos, "value "+v.Text)
		}
		for _, link := range proj.Links {
			checkFuzzPos(t, data, link.Pos, "link "+link.URL)
		}
	})
}

// checkFuzzDiags checks that every diagnostic about data names the file and,
// when positioned, a place in it.
func checkFuzzDiags(t *testing.T, data []byte, l diag.List) {
	t.Helper()
	for _, d := range l {
		if d.Path != fuzzPath {
			t.Errorf("%q: path %q, want %q", d, d.Path, fuzzPath)
		}
		if d.Msg == "" {
			t.Errorf("%q: no message", d)
		}
		if d.Pos != (diag.Pos{}) {
			checkFuzzPos(t, data, d.Pos, d.String())
		}
	}
}

// checkFuzzPos checks that pos is a line of data and a column of that line
// (or just past its end), counting the line in bytes, which bounds it
// counted in characters too. Lines end as in YAML and Markdown: at "\n",
// "\r\n" or a lone "\r".
func checkFuzzPos(t *testing.T, data []byte, pos diag.Pos, what string) {
	t.Helper()
	data = bytes.TrimPrefix(data, bom)
	data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	lines := bytes.Split(data, []byte("\n"))
	if pos.Line < 1 || pos.Line > len(lines) {
		t.Errorf("%s: line %d of a file of %d lines", what, pos.Line, len(lines))
		return
	}
	line := lines[pos.Line-1]
	if pos.Col < 1 || pos.Col > len(line)+1 {
		t.Errorf("%s: column %d of line %d, which is %d bytes long: %q", what, pos.Col, pos.Line, len(line), line)
	}
}

// FuzzFrontMatter gives bytes to the YAML decoder as Parse does: the lines
// between the delimiters, each ending in "\n", the first being line 2 of
// the file. The decoder must refuse them with a syntax error inside the
// text (or on the closing delimiter's line, just after it), or decode them
// into a tree whose positions are inside the text and whose depth is
// bounded.
func FuzzFrontMatter(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			return // Parse refuses these before the decoder sees them
		}
		data = lineFeeds(data)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		file := append([]byte("---\n"), data...) // what positions count in
		root, serr := decodeYAML(data, 1)
		if serr != nil {
			if !strings.Contains(serr.msg, "front matter") {
				t.Errorf("message %q does not say what is wrong", serr.msg)
			}
			checkFuzzPos(t, file, serr.pos, "error "+serr.msg)
			return
		}
		if root == nil {
			t.Fatalf("no tree and no error")
		}
		checkFuzzTree(t, file, root, 0)
	})
}

func checkFuzzTree(t *testing.T, data []byte, n *yaml.Node, depth int) {
	t.Helper()
	if depth > maxDepth+1 {
		t.Fatalf("tree deeper than %d", maxDepth)
	}
	checkFuzzPos(t, data, at(n), "node "+n.Value)
	for _, c := range n.Content {
		checkFuzzTree(t, data, c, depth+1)
	}
}
