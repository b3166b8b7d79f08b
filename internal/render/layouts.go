package render

// Loading: layouts parsed (minified, and as written when reporting) and
// assets fingerprinted.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tdewolff/minify/v2"
	mhtml "github.com/tdewolff/minify/v2/html"

	"portfolio/internal/diag"
	"portfolio/internal/key"
	"portfolio/internal/site"
)

// Load parses the layouts and reads the assets from fsys. The settings'
// base URL prefixes every link with its path, and makes canonical URLs
// absolute when it has a host.
//
// Layouts are parsed minified (tdewolff's HTML minifier understands
// template actions), so pages come out minified without minifying every
// page after the fact. Whenever a layout fails to parse or a page fails to
// render, the layouts are parsed again as written and the failure is
// reported from them, at the line the author sees.
func Load(fsys fs.FS, settings site.Settings) (*Renderer, diag.List) {
	var l diag.List
	r := &Renderer{assets: map[string]string{}, min: newMinifier(), basePath: settings.BasePath()}
	r.loadAssets(fsys, &l)
	r.cat = loadCatalog(fsys, settings.Language, &l)

	srcs := map[string]string{}
	read := func(name string) bool {
		b, err := fs.ReadFile(fsys, name)
		switch {
		case errorsIsNotExist(err):
			l.Errorf(name, diag.Pos{}, "missing layout; every page kind needs one (kinds: %s)", strings.Join(kinds, ", "))
			return false
		case err != nil:
			l.Errorf(name, diag.Pos{}, "cannot read: %v", err)
			return false
		}
		srcs[name] = string(b)
		lintLinks(name, srcs[name], &l)
		r.cat.lintKeys(name, srcs[name], &l)
		return true
	}
	partials, _ := fs.Glob(fsys, partialDir+"/*.html")
	if !read(layoutDir + "/base.html") {
		return r, l
	}
	for _, name := range partials {
		read(name)
	}
	for _, kind := range kinds {
		read(layoutDir + "/" + kind + ".html")
	}
	k := key.New()
	digest := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(srcs)) {
		k.Str(name)
		k.Str(srcs[name])
		fmt.Fprintf(digest, "%d %s %d %s\n", len(name), name, len(srcs[name]), srcs[name])
	}
	r.layouts = hex.EncodeToString(digest.Sum(nil))
	for _, name := range slices.Sorted(maps.Keys(r.assets)) {
		k.Str(r.assets[name])
	}
	k.Str(r.cat.source)
	r.sourceKey = k.Sum()
	funcs := r.funcs(settings)
	r.debug = sync.OnceValue(func() map[string]*template.Template {
		sets, _ := parseLayouts(srcs, partials, funcs, func(s string) string { return s })
		return sets
	})
	// Minify each layout once; one the minifier cannot read (a stray quote
	// in a template comment can do it) is used as written, and said so.
	minified := make(map[string]string, len(srcs))
	for _, name := range slices.Sorted(maps.Keys(srcs)) {
		m, err := minifyLayout(srcs[name])
		if err != nil {
			l.Warnf(name, diag.Pos{}, "could not be minified (%v); it is used as written", err)
			m = srcs[name]
		}
		minified[srcs[name]] = m
	}
	var errs diag.List
	r.pages, errs = parseLayouts(srcs, partials, funcs, func(src string) string { return minified[src] })
	if errs.HasErrors() {
		// Report against the layouts as written, so the lines are the author's.
		_, errs = parseLayouts(srcs, partials, funcs, func(s string) string { return s })
		if !errs.HasErrors() { // the minifier broke a layout that is fine as written
			r.pages = r.debug()
		}
	}
	l = append(l, errs...)
	return r, l
}

// parseLayouts parses base, partials and one set per page kind from srcs,
// each source passed through transform first.
func parseLayouts(srcs map[string]string, partials []string, funcs template.FuncMap, transform func(string) string) (map[string]*template.Template, diag.List) {
	var l diag.List
	sets := map[string]*template.Template{}
	baseName := layoutDir + "/base.html"
	base := template.New(baseName).Funcs(funcs)
	if _, err := base.Parse(transform(srcs[baseName])); err != nil {
		l = append(l, parseError(err, baseName, srcs, funcs))
		return sets, l
	}
	for _, name := range partials {
		if src, ok := srcs[name]; ok {
			if _, err := base.New(name).Parse(transform(src)); err != nil {
				l = append(l, parseError(err, name, srcs, funcs))
			}
		}
	}
	for _, kind := range kinds {
		name := layoutDir + "/" + kind + ".html"
		src, ok := srcs[name]
		if !ok {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(name).Parse(transform(src))
		}
		if err != nil {
			l = append(l, parseError(err, name, srcs, funcs))
			continue
		}
		sets[kind] = t
	}
	return sets, l
}

// minifyLayout minifies a layout's source, template actions kept intact.
func minifyLayout(src string) (string, error) {
	var b strings.Builder
	m := minify.New()
	m.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, TemplateDelims: mhtml.GoTemplateDelims})
	if err := m.Minify("text/html", &b, strings.NewReader(src)); err != nil {
		return "", err
	}
	return b.String(), nil
}

// templateComment finds template comments. The minifier reads quotes in
// them as it reads them in actions: one that opens a '...' or "..." string
// left unclosed by the end of the comment (an apostrophe, say) makes the
// rest of the file come out as written, unminified, without an error.
var templateComment = regexp.MustCompile(`\{\{-?\s*/\*(?s:.*?)\*/`)

// endsInString reports whether text leaves a '...' or "..." string open.
func endsInString(text string) bool {
	var open rune
	for _, r := range text {
		switch {
		case open == 0 && (r == '\'' || r == '"'):
			open = r
		case r == open:
			open = 0
		}
	}
	return open != 0
}

// rawLink finds links written into a layout without {{url}} or {{asset}}.
var rawLink = regexp.MustCompile(`(?:href|src)="/`)

// lintLinks reports site links a layout writes literally: they would break
// when the site is published under a sub-path, and escape the link check.
func lintLinks(name, src string, l *diag.List) {
	for _, loc := range templateComment.FindAllStringIndex(src, -1) {
		if !endsInString(src[loc[0]:loc[1]]) {
			continue
		}
		line := 1 + strings.Count(src[:loc[0]], "\n")
		col := loc[0] - strings.LastIndex(src[:loc[0]], "\n")
		l.Warnf(name, diag.Pos{Line: line, Col: col}, "a lone quote in this template comment stops the layout being minified from here on; reword it without the quote (an apostrophe counts)")
	}
	for _, loc := range rawLink.FindAllStringIndex(src, -1) {
		line := 1 + strings.Count(src[:loc[0]], "\n")
		col := loc[0] - strings.LastIndex(src[:loc[0]], "\n")
		l.Errorf(name, diag.Pos{Line: line, Col: col}, "link written as a path; use {{url \"/...\"}} or {{asset \"...\"}} so it works under a base path and is checked")
	}
}

func (r *Renderer) loadAssets(fsys fs.FS, l *diag.List) {
	_ = fs.WalkDir(fsys, assetDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name != assetDir || !errorsIsNotExist(err) {
				l.Errorf(name, diag.Pos{}, "cannot read: %v", err)
			}
			return nil
		}
		if d.IsDir() || strings.HasPrefix(path.Base(name), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			l.Errorf(name, diag.Pos{}, "cannot read: %v", err)
			return nil
		}
		data = minified(r.min, name, data)
		sum := sha256.Sum256(data)
		rel := strings.TrimPrefix(name, assetDir+"/")
		ext := path.Ext(rel)
		out := assetDir + "/" + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		r.assets[rel] = out
		r.files = append(r.files, File{Path: out, Data: data})
		return nil
	})
}

// parseError is templateError for a layout that does not parse, whose
// message names a line only: it finds the column of what the message
// names in the layout as written (srcs), when it names a function or a
// variable, and suggests a function for one not defined.
func parseError(err error, fallback string, srcs map[string]string, funcs template.FuncMap) diag.Diagnostic {
	d := templateError(err, fallback)
	m := parseNames.FindStringSubmatch(d.Msg)
	if m == nil || d.Pos.Col != 0 {
		return d
	}
	token := m[1] + m[2]
	if lines := strings.Split(srcs[d.Path], "\n"); d.Pos.Line >= 1 && d.Pos.Line <= len(lines) {
		d.Pos.Col = inAction(lines[d.Pos.Line-1], token)
	}
	if m[1] != "" {
		names := slices.Collect(maps.Keys(funcs))
		names = append(names, "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ne", "lt", "le", "gt", "ge")
		slices.Sort(names)
		d.Msg += diag.DidYouMean(m[1], names)
	}
	return d
}

var parseNames = regexp.MustCompile(`^(?:function "(\w+)" not defined|undefined variable "(\$\w*)")`)

// inAction returns the column (in runes, from 1) where token first stands
// alone inside a {{ }} action of line, or 0 when it does not.
func inAction(line, token string) int {
	word := func(b byte) bool {
		return b == '_' || b == '$' || '0' <= b && b <= '9' || 'a' <= b|0x20 && b|0x20 <= 'z'
	}
	for off := 0; ; {
		open := strings.Index(line[off:], "{{")
		if open < 0 {
			return 0
		}
		open += off
		end := strings.Index(line[open:], "}}")
		if end < 0 {
			end = len(line) - open
		}
		action := blankStrings(line[open : open+end])
		for i := 0; ; {
			j := strings.Index(action[i:], token)
			if j < 0 {
				break
			}
			j += i
			before, after := j == 0 || !word(action[j-1]), j+len(token) == len(action) || !word(action[j+len(token)])
			if before && after {
				return utf8.RuneCountInString(line[:open+j]) + 1
			}
			i = j + 1
		}
		off = open + end
	}
}

// blankStrings returns action with its quoted strings' insides as spaces,
// the same length, so that a name is not found inside one.
func blankStrings(action string) string {
	b := []byte(action)
	var quote byte
	for i := 0; i < len(b); i++ {
		switch {
		case quote == 0 && (b[i] == '"' || b[i] == '`'):
			quote = b[i]
		case quote != 0 && b[i] == quote:
			quote = 0
		case quote == '"' && b[i] == '\\' && i+1 < len(b):
			b[i], b[i+1] = ' ', ' '
			i++
		case quote != 0:
			b[i] = ' '
		}
	}
	return string(b)
}

var templateMsg = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError turns an html/template error into a diagnostic at the file
// and line it names.
func templateError(err error, fallback string) diag.Diagnostic {
	d := diag.Diagnostic{Path: fallback, Msg: err.Error()}
	first, _, _ := strings.Cut(err.Error(), "\n")
	if m := templateMsg.FindStringSubmatch(first); m != nil {
		d.Path = m[1]
		d.Pos.Line, _ = strconv.Atoi(m[2])
		d.Pos.Col, _ = strconv.Atoi(m[3])
		d.Msg = m[4]
	}
	return d
}
