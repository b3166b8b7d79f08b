package render_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portfolio/internal/render"
	"portfolio/internal/site"
)

// TestLoneQuoteInComment: a template comment with an apostrophe would make
// the minifier pass the rest of its layout through unminified, silently;
// Load warns at the comment instead. Balanced quotes are fine.
func TestLoneQuoteInComment(t *testing.T) {
	for _, tt := range []struct {
		comment string
		warn    bool
	}{
		{`{{/* The head's parts */}}`, true},
		{`{{/* "card" and "row" are reused */}}`, false},
		{`{{- /* a lone " here */ -}}`, true},
		{`{{/* no quotes at all */}}`, false},
		{`{{/* "it's" quoted */}}`, false},
		{"{{/* a lone ` here */}}", false},
		{`{{/* 'one' and "two" and it's */}}`, true},
	} {
		root := t.TempDir()
		for _, d := range []string{"layouts", "assets", "translations"} {
			if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
				t.Fatal(err)
			}
		}
		extra := "\n\n" + tt.comment + "\n{{define \"extra\"}}<p>x</p>{{end}}\n"
		if err := os.WriteFile(filepath.Join(root, "layouts", "partials", "extra.html"), []byte(extra), 0o644); err != nil {
			t.Fatal(err)
		}
		_, l := render.Load(os.DirFS(root), site.Settings{})
		got := strings.Contains(fmt.Sprint(l), "layouts/partials/extra.html:3:1: warning: a lone quote in this template comment")
		if got != tt.warn {
			t.Errorf("%s: warned %v, want %v\n%s", tt.comment, got, tt.warn, l)
		}
	}
}
