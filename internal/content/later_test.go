package content

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestConvertBodyLater: a project whose body a WithoutBodies parser left
// and ConvertBody converted from the file read again is the project Parse
// makes at once, with the same diagnostics in all — for the golden files,
// the site's own, and bodies after a byte-order mark, Windows and old Mac
// line ends, and bodies that fail.
func TestConvertBodyLater(t *testing.T) {
	files := map[string]string{}
	for _, glob := range []string{"testdata/golden/*.md", "../../" + Dir + "/*.md"} {
		names, _ := filepath.Glob(glob)
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(name)] = string(data)
		}
	}
	if len(files) < 10 {
		t.Fatalf("only %d files to test with", len(files))
	}
	front := "---\ntitle: T\nstart: 2019-01\nfunding: [Brazil]\nbudget: 1\ncountries: [Nepal]\n---\n"
	body := "\n## Brief\n\nA [link](/countries/nepal/) and\nanother line.\n\n## More\n\n- one\n- two\n"
	files["bom.md"] = "\ufeff" + front + body
	files["crlf.md"] = strings.ReplaceAll(front+body, "\n", "\r\n")
	files["cr.md"] = strings.ReplaceAll(front+body, "\n", "\r")
	files["deep.md"] = front + "\n" + strings.Repeat("> ", 5000) + "x\n"
	files["bad-link.md"] = front + "\nSee [this](javascript:alert(1)).\n"
	files["placeholder.md"] = front + "\n" + Placeholder + "\n"
	files["no-body.md"] = front

	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[Dir+"/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	now, later := NewParser(false), NewParser(false).WithoutBodies()
	for name, text := range files {
		path := Dir + "/" + name
		want, wantDiags := now.Parse(path, []byte(text))
		got, gotDiags := later.Parse(path, []byte(text))
		if (got == nil) != (want == nil) {
			t.Errorf("%s: a project from one parser only", name)
			continue
		}
		if got == nil {
			continue
		}
		got.Sum, want.Sum = Sum([]byte(text)), Sum([]byte(text))
		if got.bodyLine == 0 || got.Body != "" || got.Words != "" {
			t.Errorf("%s: WithoutBodies converted the body", name)
		}
		gotDiags = append(gotDiags, later.ConvertBody(fsys, got)...)
		if got.bodyLine != 0 || len(later.ConvertBody(fsys, got)) != 0 {
			t.Errorf("%s: ConvertBody left the body, or converts it twice", name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: converted later:\n%+v\nwant\n%+v", name, got, want)
		}
		if g, w := fmt.Sprint(gotDiags), fmt.Sprint(wantDiags); g != w {
			t.Errorf("%s: diagnostics %s, want %s", name, g, w)
		}
	}
}
