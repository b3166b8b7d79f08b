package content

import (
	"slices"
	"testing"
)

func TestReserved(t *testing.T) {
	for _, name := range []string{"con", "CON", "Nul", "prn", "aux", "com1", "COM9", "lpt1", "Lpt9", "nul.md", "con.tar.gz", "aux "} {
		if !Reserved(name) {
			t.Errorf("Reserved(%q) = false; want true", name)
		}
	}
	for _, name := range []string{"", "cons", "con-project", "icon", "com0", "com10", "lpt", "null", "auxiliary", "com1x", "e-con"} {
		if Reserved(name) {
			t.Errorf("Reserved(%q) = true; want false", name)
		}
	}
}

// TestReservedSlug: a slug, set or taken from the file name, that Windows
// reserves is a warning where it is set (or, for a file name, at the front
// matter's first line).
func TestReservedSlug(t *testing.T) {
	msg := func(slug string) string {
		return "warning: the page's address ends in \"" + slug + "\", a name Windows reserves for a device, so a folder named so cannot be made or copied there; set `slug:` to another, such as \"" + slug + "-project\""
	}
	for _, tt := range []struct {
		path, src string
		want      []string
	}{
		{P, yamlProject("slug: con"), []string{P + ":2:7: " + msg("con")}},
		{P, yamlProject("slug: lpt3"), []string{P + ":2:7: " + msg("lpt3")}},
		{"content/projects/NUL.md", yamlProject(), []string{"content/projects/NUL.md:1:1: " + msg("nul")}},
		{"content/projects/com1.md", yamlProject("slug: com1-survey"), nil},
		{P, yamlProject("slug: icon"), nil},
	} {
		_, l := NewParser(false).Parse(tt.path, []byte(tt.src))
		if got := strs(l); !slices.Equal(got, tt.want) {
			t.Errorf("%s %q: %q; want %q", tt.path, tt.src, got, tt.want)
		}
	}
}

// TestInvisibleCharacters: a bidirectional control or a zero-width
// character in a field readers see is a warning at the value, naming the
// character and where it is; a joiner inside a word of a script that needs
// it is not.
func TestInvisibleCharacters(t *testing.T) {
	const what = ", which can reorder or hide what readers see; delete it (retype the words around it)"
	for _, tt := range []struct {
		line string
		want []string
	}{
		{"title: \"Budget \u202eevil\"", []string{P + `:2:8: warning: title: "Budget \u202eevil" has an invisible character, U+202E RIGHT-TO-LEFT OVERRIDE, as its character 8` + what}},
		{"title: Budget\u200b review", []string{P + `:2:8: warning: title: "Budget\u200b review" has an invisible character, U+200B ZERO WIDTH SPACE, as its character 7` + what}},
		{"code: \u2066X-1\u2069", []string{P + `:2:7: warning: code: "\u2066X-1\u2069" has an invisible character, U+2066 LEFT-TO-RIGHT ISOLATE, as its character 1` + what}},
		{"funding: [\"UN\u200dDP\"]", []string{P + `:2:11: warning: funding: "UN\u200dDP" has an invisible character, U+200D ZERO WIDTH JOINER, as its character 3` + what}},
		{"partners: [OECD, \"Bank\ufeff\"]", []string{P + `:2:18: warning: partners: "Bank\ufeff" has an invisible character, U+FEFF ZERO WIDTH NO-BREAK SPACE, as its character 5` + what}},
		{"division: \"DPIDG\u202a\"", []string{P + `:2:11: warning: division: "DPIDG\u202a" has an invisible character, U+202A LEFT-TO-RIGHT EMBEDDING, as its character 6` + what}},
		{"title: \"می\u200cخواهم\"", nil}, // a non-joiner Persian needs
		{"title: \"Right-to-left: \u0627\u0644\u0639\u0631\u0628\u064a\u0629\"", nil},
	} {
		_, l := NewParser(false).Parse(P, []byte(yamlProject(tt.line)))
		if got := strs(l); !slices.Equal(got, tt.want) {
			t.Errorf("%s:\n%q\nwant\n%q", tt.line, got, tt.want)
		}
	}
}
