package watch

import "testing"

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"x.md", false},
		{".htaccess", false},
		{"site.yaml", false},
		{"4914", false},
		{"#", false},
		{"a#b", false},
		{"x.md.swp", true},
		{".x.md.swp", true},
		{".x.md.swx", true},
		{"x.swo", true},
		{"x.md~", true},
		{".#x.md", true},
		{"#x.md#", true},
		{"4913", true},
		{"x.md.tmp", true},
		{".DS_Store", true},
		{"setup.exe.crdownload", true},
		{".x.md.kate-swp", true},
		{"x.md___jb_tmp___", true},
		{"x.md___jb_old___", true},
	}
	for _, tt := range tests {
		if got := Ignored(tt.name); got != tt.want {
			t.Errorf("Ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
