package content

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the parser's output")

// TestGolden parses each testdata/golden/*.md and compares a dump of the
// project and its diagnostics with the .golden file beside it. Run
// `go test ./internal/content -run Golden -update` to rewrite them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			p, l := NewParser(false).Parse(Dir+"/"+filepath.Base(name), data)
			got := dump(p, l.Err() != nil, strs(l))
			golden := strings.TrimSuffix(name, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

// dump writes p and its diagnostics as stable text, one field a line.
func dump(p *Project, failed bool, diags []string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "diagnostics (build fails: %v):\n", failed)
	for _, d := range diags {
		fmt.Fprintf(&b, "\t%s\n", d)
	}
	if p == nil {
		b.WriteString("project: none\n")
		return b.Bytes()
	}
	values := func(vs []Value) string {
		var s []string
		for _, v := range vs {
			s = append(s, fmt.Sprintf("%q@%d:%d", v.Text, v.Pos.Line, v.Pos.Col))
		}
		return strings.Join(s, " ")
	}
	date := func(d Date) string {
		if d.IsZero() {
			return "-"
		}
		return fmt.Sprintf("%s (%s; %s to %s)", d, d.Words(), d.First().Format("2006-01-02"), d.Last().Format("2006-01-02"))
	}
	budget := "not stated"
	if p.HasBudget {
		budget = fmt.Sprintf("%d cents", int64(p.Budget))
	}
	for _, f := range []struct{ k, v string }{
		{"path", p.Path},
		{"slug", p.Slug},
		{"title", p.Title},
		{"code", p.Code},
		{"start", date(p.Start)},
		{"end", date(p.End)},
		{"status", string(p.Status)},
		{"funding", values(p.Funding)},
		{"budget", budget},
		{"division", p.Division},
		{"partners", fmt.Sprintf("%q", p.Partners)},
		{"link", p.Link},
		{"sdgs", fmt.Sprint(p.SDGs)},
		{"draft", fmt.Sprint(p.Draft)},
		{"countries", values(p.Countries)},
		{"summary", p.Summary},
		{"text", p.Text},
	} {
		fmt.Fprintf(&b, "%s: %s\n", f.k, f.v)
	}
	b.WriteString("sections:\n")
	for _, s := range p.Sections {
		fmt.Fprintf(&b, "\t#%s %s\n", s.ID, s.Title)
	}
	b.WriteString("links:\n")
	for _, l := range p.Links {
		fmt.Fprintf(&b, "\t%d:%d %s\n", l.Pos.Line, l.Pos.Col, l.URL)
	}
	b.WriteString("body:\n")
	b.WriteString(string(p.Body))
	return b.Bytes()
}

// lineDiff lists the lines of want and got that differ, by line number.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n\twant %q\n\tgot  %q\n", i+1, wl, gl)
		}
	}
	return b.String()
}
