package content

import (
	"fmt"
	"testing"
)

func TestZZProbe(t *testing.T) {
	p := NewParser(false)
	for _, src := range []string{
		"---\ntitle: x\nstart: 2019-12\nfunding: [a]\ncountries: [b]\nbudget: 5\n---\n\nSee https://example.org/x for [**bold**](https://b.org) and <https://c.org> and [`c`](https://d.org) and [](https://e.org).\nsecond line [x](https://f.org)\n\n| a | b |\n|---|---|\n| c | d |\n\n```\ncode here\n```\n",
		"---\ntitle: x\nstart: 2019-12\nfunding: [a]\ncountries: [b]\nbudget: 5\n---\ntitle: [\n",
		"---\ntitle: x\nstart: 2019-12\nfunding:\ncountries: [b]\nbudget: \"US$ 592,000\"\n---\n",
		"---\ntitle: x\n  start: 2019-12\nfunding: [a]\n---\n",
		"---\ntitle: x\nstart: 2019-12\nfunding: [a]\nfunding: [a]\n---\n",
		"---\na: &x 1\nb: *x\n---\n",
		";;;\n{\"title\": \"x\",\n \"start\": \"2019-12\",}\n;;;\n",
		";;;\n{\"title\": \"x\",\n \"start\": \"2019-12\" \"a\"}\n;;;\n",
		"+++\ntitle = \"x\"\nstart = 2019-12-05\nbudget = \"US$ 5\"\nx = = 3\n+++\n",
	} {
		proj, l := p.Parse("p.md", []byte(src))
		for _, d := range l {
			t.Log(d.String())
		}
		if proj != nil {
			t.Log(fmt.Sprintf("%q %q %+v", proj.Summary, proj.Text, proj.Links))
			t.Log(string(proj.Body))
		}
		t.Log("----")
	}
}
