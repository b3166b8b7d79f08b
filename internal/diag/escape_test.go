package diag

import "testing"

func TestPrintable(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"content/projects/a.md", "content/projects/a.md"},
		{"Côte d'Ivoire — ok, a\\b", "Côte d'Ivoire — ok, a\\b"},
		{"\x1b[31mred\x1b[0m.md", `\x1b[31mred\x1b[0m.md`},
		{"\x1b]0;title\x07", `\x1b]0;title\x07`},
		{"two\nlines\r\tand\x7f", `two\nlines\r\tand\x7f`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202eevil\u2066x\u2069", `bidi \u202eevil\u2066x\u2069`},
		{"latin1 \xe9t\xe9", `latin1 \xe9t\xe9`},
	} {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestStringPrintable: a file's name and a message with escape sequences
// reach the terminal escaped.
func TestStringPrintable(t *testing.T) {
	d := Diagnostic{Path: "content/projects/\x1b[2Jx.md", Pos: Pos{Line: 2, Col: 1}, Severity: Warning, Msg: "title \"\x1b]0;pwned\x07\" is odd"}
	want := `content/projects/\x1b[2Jx.md:2:1: warning: title "\x1b]0;pwned\x07" is odd`
	if got := d.String(); got != want {
		t.Errorf("String() = %q; want %q", got, want)
	}
}
