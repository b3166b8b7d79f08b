package content

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"portfolio/internal/diag"
)

// Placeholder is the first line of body text `portfolio new` writes; a
// published project still holding it, or one of OtherPlaceholders, gets a
// warning.
const Placeholder = "What the project is about, in a paragraph or two."

// OtherPlaceholders are the texts `portfolio new` writes under the other
// recommended sections: Objective, Main expectations (a list item) and Key
// accomplishments.
var OtherPlaceholders = []string{"What it sets out to achieve.", "An expected accomplishment.", "What it has achieved so far."}

// Example is the comment `portfolio new` writes after the example values
// it fills required fields with; a published project still holding one
// gets a warning, since the file is valid with it and nothing else tells.
const Example = "# example: replace it"

// Parser turns project files into Projects. It is safe for concurrent use.
type Parser struct {
	md        markdown
	allowHTML bool
	cache     *Cache // nil: parse every file
}

// NewParser returns a Parser. allowHTML passes raw HTML in bodies through,
// which a site setting must ask for explicitly.
func NewParser(allowHTML bool) *Parser {
	return &Parser{md: newMarkdown(allowHTML), allowHTML: allowHTML}
}

// yamlFormats are the front matter forms a project file may open with, for
// frontmatter.Parse: YAML between "---" lines (or "---yaml" and "---").
var yamlFormats = []*frontmatter.Format{
	{Start: "---", End: "---", Unmarshal: keep},
	{Start: "---yaml", End: "---", Unmarshal: keep},
}

// A frontMatter is the text between a file's delimiters, once found.
type frontMatter struct {
	text  []byte
	found bool
}

// keep is yamlFormats' callback: it keeps data in v, a *frontMatter, for
// Parse to decode.
func keep(data []byte, v any) error {
	*v.(*frontMatter) = frontMatter{text: data, found: true}
	return nil
}

// otherFormats are the openings of the TOML and JSON front matters other
// site generators read ("{" also a first line `{"title": ...`), with the
// format each opens and how its key "title" is written in it, to say that a
// project's is written in YAML.
var otherFormats = []struct{ start, format, title, more string }{
	{"+++", "TOML", `title = "..."`, ""},
	{"---toml", "TOML", `title = "..."`, ""},
	{";;;", "JSON", `"title": "...",`, " and no braces"},
	{"---json", "JSON", `"title": "...",`, " and no braces"},
	{"{", "JSON", `"title": "...",`, " and no braces"},
}

var bom = []byte("\ufeff")

// normalized returns data as Parse reads it: without a byte-order mark,
// and with line feeds for old Mac line ends (lineFeeds).
func normalized(data []byte) []byte { return lineFeeds(bytes.TrimPrefix(data, bom)) }

// lineFeeds returns data with every carriage return that is not followed by
// a line feed (an old Mac line end) made a line feed. YAML and Markdown
// count one as a line break, so positions must too.
func lineFeeds(data []byte) []byte {
	var out []byte
	for i, c := range data {
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			if out == nil {
				out = bytes.Clone(data)
			}
			out[i] = '\n'
		}
	}
	if out == nil {
		return data
	}
	return out
}

// Parse parses the project file at path (a slash path used in messages and
// for the default slug) with contents data. It returns the project — nil
// when the file is too broken to describe one — and every problem found.
func (p *Parser) Parse(path string, data []byte) (*Project, diag.List) {
	var l diag.List
	data = normalized(data)
	if i := bytes.IndexByte(data, 0); i >= 0 {
		l.Errorf(path, offsetPos(data, i), "file is binary, not text; a project file is UTF-8 Markdown")
		return nil, l
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		l.Errorf(path, offsetPos(data, i), "file is not valid UTF-8; save it as UTF-8")
		return nil, l
	}
	if len(bytes.TrimSpace(data)) == 0 {
		l.Errorf(path, diag.Pos{Line: 1, Col: 1}, "file is empty; start a project with `portfolio new \"Title\"`")
		return nil, l
	}

	// The first non-blank line opens the front matter; its line number
	// anchors every position in it. Blank is as the frontmatter package
	// sees it: only Unicode white space.
	first, opener := 1, ""
	for line := range bytes.Lines(data) {
		if t := bytes.TrimSpace(line); len(t) > 0 {
			opener = string(t)
			break
		}
		first++
	}
	for _, f := range otherFormats {
		if opener == f.start || (f.start == "{" && strings.HasPrefix(opener, `{"`)) {
			l.Errorf(path, diag.Pos{Line: first, Col: 1}, "front matter opened with %q is %s, which is not read; write it in YAML between two lines \"---\", one `key: value` a line%s: `%s` becomes `title: \"...\"`", opener, f.format, f.more, f.title)
			return nil, l
		}
	}
	var front frontMatter
	body, err := frontmatter.Parse(bytes.NewReader(data), &front, yamlFormats...)
	if err != nil {
		l.Errorf(path, diag.Pos{Line: first, Col: 1}, "cannot read front matter: %v", err)
		return nil, l
	}
	if !front.found {
		if opener == "---" || opener == "---yaml" {
			l.Errorf(path, diag.Pos{Line: first, Col: 1}, "front matter opened with %q is never closed; end it with a line \"---\"", opener)
			return nil, l
		}
		l.Errorf(path, diag.Pos{Line: 1, Col: 1}, "no front matter; a project file starts with a line \"---\", then title, start, funding and countries, then \"---\"")
		return nil, l
	}
	root, serr := decodeYAML(front.text, first)
	if serr != nil {
		l.Errorf(path, serr.pos, "%s", serr.msg)
		return nil, l
	}

	proj := &Project{Path: path}
	if root.Kind != yaml.MappingNode {
		l.Errorf(path, at(root), "front matter must be a set of keys such as `title: ...`, not %s", describe(root))
		return nil, l
	}
	v := validator{path: path, l: &l, opener: diag.Pos{Line: first, Col: 1}}
	v.project(proj, root)

	proj.Front = Sum(data[:len(data)-len(body)])
	bodyLine := 1 + bytes.Count(data[:len(data)-len(body)], []byte("\n"))
	if !proj.Draft {
		for k, text := range append([]string{Placeholder}, OtherPlaceholders...) {
			if i := bytes.Index(body, []byte(text)); i >= 0 {
				fix := "replace it with the project's description"
				if k > 0 {
					fix = "replace it, or delete the section if there is nothing to say"
				}
				pos := offsetPos(body, i)
				l.Warnf(path, diag.Pos{Line: bodyLine + pos.Line - 1, Col: pos.Col},
					"the body still has the placeholder text that portfolio new wrote; %s", fix)
			}
		}
	}
	p.convert(proj, body, bodyLine, &l)
	return proj, l
}

// convert converts body, which starts on line bodyLine of proj's file,
// into proj, reporting into l.
func (p *Parser) convert(proj *Project, body []byte, bodyLine int, l *diag.List) {
	offs := newOffsets(body)
	at := func(off int) diag.Pos {
		pos := offs.at(off)
		return diag.Pos{Line: pos.Line + bodyLine - 1, Col: pos.Col}
	}
	warn := func(pos diag.Pos, msg string) { l.Warnf(proj.Path, pos, "%s", msg) }
	if err := p.md.convert(proj, body, at, warn); err != nil {
		l.Errorf(proj.Path, at(err.off), "%s", err.msg)
	}
}

// validator checks a front matter against the schema, reporting into l.
type validator struct {
	path   string
	l      *diag.List
	opener diag.Pos // the opening delimiter, where missing keys are reported
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func (v validator) errorf(pos diag.Pos, format string, args ...any) {
	v.l.Errorf(v.path, pos, format, args...)
}

// A field is one key of a front matter and its value.
type field struct {
	key     string
	pos     diag.Pos // of the key
	val     *yaml.Node
	comment string // the key's line comment, which YAML gives an empty value's
}

// fields returns the keys of root, a mapping, in the order written.
func fields(root *yaml.Node) []field {
	out := make([]field, 0, len(root.Content)/2)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		out = append(out, field{key: k.Value, pos: at(k), val: root.Content[i+1], comment: k.LineComment})
	}
	return out
}

// cut returns the comment after s, f's value or one of its items, if it
// may have been meant as the value's end (cutComment): "title: #1 priority"
// leaves the title empty and the comment on the key.
func (f field) cut(s *yaml.Node) string {
	switch {
	case s.Kind != yaml.ScalarNode || s.Style != 0:
		return ""
	case s == f.val && isNull(s):
		return cutComment(f.comment)
	}
	return cutComment(s.LineComment)
}

func (v validator) project(p *Project, root *yaml.Node) {
	seen := map[string]diag.Pos{}
	budgetGiven := false // and not empty: a wrong budget has its own error
	all := fields(root)
	for _, f := range all {
		if first, ok := seen[f.key]; ok {
			v.errorf(f.pos, "%q is set twice (first at line %d); keep one", f.key, first.Line)
			continue
		}
		seen[f.key] = f.pos
		v.field(p, f)
		if f.key == "budget" && !isNull(f.val) {
			budgetGiven = true
		}
	}
	for _, f := range Fields {
		if _, ok := seen[f.Key]; f.Required && !ok {
			v.errorf(v.opener, "missing required field %q", f.Key)
		}
	}
	for _, f := range all {
		if d := fieldOf(f.key); d != nil && d.check != nil && seen[f.key] == f.pos { // once for a key set twice
			d.check(v, p, f)
		}
	}
	if _, ok := seen["slug"]; !ok {
		p.Slug, p.SlugPos = Slugify(strings.TrimSuffix(path.Base(p.Path), path.Ext(p.Path))), v.opener
		if p.Slug == "" {
			v.errorf(v.opener, "cannot make a URL slug from the file name; rename the file or set `slug:`")
		}
	}
	if p.Slug != "" && Reserved(p.Slug) {
		v.l.Warnf(v.path, p.SlugPos, "%s", ReservedMsg("the page's address ends in", p.Slug, fmt.Sprintf("set `slug:` to another, such as %q", p.Slug+"-project")))
	}
	if !p.Draft {
		for _, f := range all {
			for _, n := range values(f.val) {
				if n.Kind == yaml.ScalarNode && n.LineComment == Example {
					v.l.Warnf(v.path, at(n), "%s: %q is still the example portfolio new wrote; replace it, and delete the comment %q", f.key, n.Value, Example)
				}
			}
		}
	}
	if !p.HasBudget && !budgetGiven && !p.Draft { // a draft may not know it yet
		v.l.Warnf(v.path, v.opener, "no budget; the page will say \"not stated\" (add `budget:` in US dollars if known)")
	}
}

func (v validator) field(p *Project, f field) {
	d := fieldOf(f.key)
	if d == nil {
		keys := fieldKeys()
		v.errorf(f.pos, "unknown field %q%s", f.key, cmp.Or(diag.DidYouMean(f.key, keys), "; known fields are "+strings.Join(keys, ", ")))
		return
	}
	// Free text readers see: warn of what they would not see as its editor meant.
	if d.Free {
		for _, s := range values(f.val) {
			if r, i, name := invisible(s.Value); r != 0 {
				v.l.Warnf(v.path, at(s), "%s: %q has an invisible character, U+%04X %s, as its character %d, which can reorder or hide what readers see; delete it (retype the words around it)", f.key, s.Value, r, name, i)
			}
			switch cut := f.cut(s); {
			case cut == "":
			case isNull(s):
				v.l.Warnf(v.path, at(s), "%s: %q is read as a YAML comment, leaving the value empty; if it is the value, put it in quotes: %q", f.key, cut, cut)
			case isText(s):
				v.l.Warnf(v.path, at(s), "%s: %q is read as a YAML comment and left out, leaving %q; if it belongs to the value, put the whole value in quotes: %q",
					f.key, cut, s.Value, s.Value+" "+cut)
			}
		}
	}
	d.read(v, p, f)
}

// text returns a scalar field's value. Numbers are accepted as text (a
// code such as 1617 is still a code); lists and maps are errors.
func (v validator) text(f field, required bool) string {
	n := f.val
	if n.Kind != yaml.ScalarNode {
		v.errorf(at(n), "%s must be text, not %s", f.key, describe(n))
		return ""
	}
	s := clean(n.Value)
	if isNull(n) {
		s = ""
	}
	if s == "" && required {
		v.errorf(at(n), "%s is empty", f.key)
	}
	return s
}

// items returns a list field's items; a single value counts as a list of one.
func (v validator) items(f field) []*yaml.Node {
	n := f.val
	switch {
	case n.Kind == yaml.SequenceNode:
		return n.Content
	case isNull(n):
		return nil
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	v.errorf(at(n), "%s must be a list, not %s", f.key, describe(n))
	return nil
}

// list returns a list field's entries: text, each checked by ok (when
// not nil), which reports what is wrong with one and leaves it out.
func (v validator) list(f field, required bool, ok func(*yaml.Node) bool) []Value {
	var out []Value
	before := len(*v.l)
	for _, item := range v.items(f) {
		if item.Kind != yaml.ScalarNode {
			v.errorf(at(item), "%s: each entry must be text, not %s", f.key, describe(item))
			continue
		}
		if ok != nil && !isNull(item) && !ok(item) {
			continue
		}
		s := clean(item.Value)
		if s == "" || isNull(item) {
			v.errorf(at(item), "%s: empty entry", f.key)
			continue
		}
		if strings.Contains(s, "; ") {
			// The open-data CSV joins a list's entries with "; ".
			parts := strings.Split(s, "; ")
			for i, p := range parts {
				parts[i] = strconv.Quote(p)
			}
			v.errorf(at(item), "%s: %q holds \"; \", which separates entries in the open-data CSV; make each an entry of its own, as in [%s]", f.key, s, strings.Join(parts, ", "))
			continue
		}
		out = append(out, Value{Text: s, Pos: at(item)})
	}
	if required && len(out) == 0 && len(*v.l) == before {
		v.errorf(at(f.val), "%s needs at least one entry", f.key)
	}
	return out
}

// names returns a list of organisations' names (funding, partners), as
// list does, and also reports the slips that would make a wrong one
// without an error: a number or true/false where a name goes, "-Brazil"
// with no space after the dash, and several names written on one line
// instead of as a list.
func (v validator) names(f field, required bool) []Value {
	if n := f.val; isText(n) && !quoted(n) && strings.Contains(n.Value, ", ") {
		parts := strings.Split(n.Value, ", ")
		for i, p := range parts {
			parts[i] = strconv.Quote(strings.TrimSpace(p))
		}
		v.l.Warnf(v.path, at(n), "%s: %q is one name; if it is several, make each an entry of its own, as in [%s] (write it as a list entry, \"- %s\", to keep it one)",
			f.key, n.Value, strings.Join(parts, ", "), n.Value)
	}
	return v.list(f, required, func(item *yaml.Node) bool {
		switch {
		case isNumber(item) || item.ShortTag() == "!!bool":
			v.errorf(at(item), "%s: %s is not a name; write the organisation's name (in quotes if it is a number)", f.key, item.Value)
		case len(item.Value) > 1 && item.Value[0] == '-' && item.Value[1] != ' ' && item.Value[1] != '-':
			v.errorf(at(item), "%s: %q starts with a dash; a list entry needs a space after its dash: \"- %s\"", f.key, item.Value, item.Value[1:])
		default:
			return true
		}
		return false
	})
}

// cents returns how many decimals a number written as text has, beyond
// its trailing zeros; 0 for one with an exponent.
func cents(text string) int {
	i := strings.IndexByte(text, '.')
	if i < 0 || strings.ContainsAny(text, "eE") {
		return 0
	}
	return len(strings.TrimRight(text[i+1:], "0"))
}

var looseMoney = regexp.MustCompile(`^(?i)(?:US\$|USD|\$)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:USD)?$`)

func (v validator) budget(p *Project, f field) {
	n := f.val
	if n.Kind != yaml.ScalarNode || isNull(n) {
		if n.Kind != yaml.ScalarNode {
			v.errorf(at(n), "budget must be a number of US dollars, not %s", describe(n))
		}
		return
	}
	if !isNumber(n) {
		if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
			v.errorf(at(n), "budget %q is in quotes, which makes it text; write the number without them (%s)", n.Value, n.Value)
			return
		}
		hint := " (for example 592000)"
		if m := looseMoney.FindStringSubmatch(strings.TrimSpace(n.Value)); m != nil {
			hint = fmt.Sprintf("; write %s", strings.TrimSuffix(strings.TrimSuffix(strings.ReplaceAll(m[1], ",", ""), ".00"), ".0"))
		}
		v.errorf(at(n), "budget %q must be a plain number of US dollars, without currency or separators%s", n.Value, hint)
		return
	}
	f64, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	switch {
	case err != nil || math.IsNaN(f64) || math.IsInf(f64, 0):
		v.errorf(at(n), "budget %q is not a number", n.Value)
	case f64 < 0:
		v.errorf(at(n), "budget %s is negative", n.Value)
	case f64 > 1e13:
		v.errorf(at(n), "budget %s is implausibly large; give it in US dollars", n.Value)
	case cents(n.Value) > 2:
		v.errorf(at(n), "budget %s has fractions of a cent; give at most two decimals", n.Value)
	default:
		p.Budget, p.HasBudget = Money(math.Round(f64*100)), true
		if f64 == 0 {
			v.l.Warnf(v.path, at(n), "budget 0 shows as US$ 0; if the budget is not known, leave budget out, and the page says \"not stated\"")
		}
	}
}
