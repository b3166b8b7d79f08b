package render

import "testing"

func TestInAction(t *testing.T) {
	for _, tt := range []struct {
		line, token string
		col         int
	}{
		{`<p>{{nosuch .}}</p>`, "nosuch", 6},
		{`<p>nosuch {{print "nosuch \"x"}} {{.X | nosuch}}</p>`, "nosuch", 41},
		{`{{nosuchx}} {{nosuch}}`, "nosuch", 15},
		{`é {{$v}}`, "$v", 5},
		{`{{$v2}}`, "$v", 0},
		{`{{unclosed nosuch`, "nosuch", 12},
		{`no action`, "nosuch", 0},
	} {
		if got := inAction(tt.line, tt.token); got != tt.col {
			t.Errorf("inAction(%q, %q) = %d, want %d", tt.line, tt.token, got, tt.col)
		}
	}
}
