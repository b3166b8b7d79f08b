package content

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"portfolio/internal/diag"
)

// Project files' YAML is flat: top-level keys, each holding a one-line
// scalar, a one-line flow sequence ("[Peru, Togo]") or a block sequence of
// one-line scalars ("- Peru" lines). yaml.v3 takes about 30 µs to decode
// such a front matter, a sixth of all the time parsing takes; reading the
// lines directly takes a small fraction of that. The reader accepts only
// text it is sure yaml.v3 reads the same way — same values, same kinds, same
// positions — and gives up on anything else, however valid, so that
// decodeYAML can hand it to yaml.v3: every error message, and every value
// of an unusual file, stays yaml.v3's own. FuzzFrontMatterFast holds the
// two to that.

// maxFlatKeys bounds the keys of a flat front matter: the schema has 14,
// and looking for a key set twice takes time quadratic in their number.
const maxFlatKeys = 64

// maxFlatKeyLen is far below the 1024 characters yaml.v3 allows a key
// before it refuses it.
const maxFlatKeyLen = 128

// flatSpecial lists, in lower case, the plain words YAML resolvers give a
// kind other than text in some spelling (yaml.v3 only true, false and null,
// in three spellings each; YAML 1.1 the others). Values spelt so in any
// case are left to yaml.v3.
var flatSpecial = []string{"true", "false", "null", "yes", "no", "on", "off", "y", "n"}

// decodeFlatYAML decodes data into the tree decodeFullYAML would build, if
// data is flat YAML made only of the forms this file's comment lists; it
// reports false for any other text.
func decodeFlatYAML(data []byte) (*node, bool) {
	if !flatText(data) {
		return nil, false
	}
	p := flatParser{
		root: &node{kind: mapNode, fields: make([]field, 0, 16)},
		// A line holds one node, but for flow sequences' items.
		nodes: make([]node, 0, min(bytes.Count(data, []byte("\n"))+1, 64)),
	}
	text := string(data) // one copy: keys and values are slices of it
	for num := 1; text != ""; num++ {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if strings.HasPrefix(strings.TrimLeft(line, " "), "#") {
			continue // a comment line, as `portfolio new` writes them: yaml.v3 reads past it
		}
		if strings.IndexByte(line, '#') >= 0 || !p.line(num, strings.TrimRight(line, " ")) {
			return nil, false // a "#" elsewhere may start a comment or not: left to yaml.v3
		}
	}
	if len(p.root.fields) == 0 {
		return nil, false // an empty front matter: decodeFullYAML's own case
	}
	p.endKey()
	p.root.pos = p.root.fields[0].pos
	return p.root, true
}

// flatText reports whether every character of data is one that yaml.v3
// reads as plain content, counted as one column: printable, not a line
// break other than "\n", not a tab, a byte-order mark (skipped at the start
// of a line) or an escape's "\". A "#" is left to decodeFlatYAML: it
// takes lines that start with one as comments, and gives up on any other.
func flatText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < ' ' && c != '\n') || c == 0x7f || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if !flatRune(r) || size == 1 {
			return false
		}
		i += size
	}
	return true
}

// flatRune reports whether a non-ASCII character is printable in YAML and
// neither a line break (NEL, U+2028, U+2029) nor a byte-order mark.
func flatRune(r rune) bool {
	switch {
	case r == 0x2028 || r == 0x2029 || r == 0xfeff:
		return false
	case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// A flatParser builds the tree of a flat front matter one line at a time.
type flatParser struct {
	root   *node
	seq    *node // the block sequence being read: the last key's value
	indent int   // the spaces before seq's items
	nodes  []node
}

// node returns a new node holding n. Nodes are allocated many at a time:
// allocating them one by one took a third of the parser's time.
func (p *flatParser) node(n node) *node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]node, 0, 16)
	}
	p.nodes = append(p.nodes, n)
	return &p.nodes[len(p.nodes)-1]
}

// waiting reports whether the last key was given no value on its line, so
// that the items of a block sequence may follow.
func (p *flatParser) waiting() bool {
	n := len(p.root.fields)
	return n > 0 && p.root.fields[n-1].val == nil
}

// endKey ends the last key's value: one given no value on its line and no
// items is null, placed as yaml.v3 places it, just after the colon.
func (p *flatParser) endKey() {
	if p.waiting() {
		f := &p.root.fields[len(p.root.fields)-1]
		f.val = p.node(node{scalar: nullScalar, pos: diag.Pos{Line: f.pos.Line, Col: len(f.key) + 2}})
	}
	p.seq = nil
}

// line reads line num, its trailing spaces trimmed.
func (p *flatParser) line(num int, line string) bool {
	switch {
	case line == "":
		return true
	case line[0] == ' ' || line[0] == '-':
		return p.item(num, line)
	}
	return p.key(num, line)
}

// key reads a line "key: value", or "key:" with a block sequence to follow.
func (p *flatParser) key(num int, line string) bool {
	name, ok := flatKey(line)
	if !ok || len(p.root.fields) == maxFlatKeys {
		return false
	}
	p.endKey()
	for _, f := range p.root.fields {
		if f.key == name {
			return false // rare, and an error Parse reports: left to yaml.v3, which keeps both
		}
	}
	f := field{key: name, pos: diag.Pos{Line: num, Col: 1}}
	if rest := line[len(name)+1:]; rest != "" {
		start := len(line) - len(strings.TrimLeft(rest, " "))
		if rest[0] != ' ' {
			return false // "key:value" is one plain scalar
		}
		val, ok := p.value(line, start, num)
		if !ok {
			return false
		}
		f.val = val
	}
	p.root.fields = append(p.root.fields, f)
	return true
}

// flatKey returns the key of a line that starts with a plain name (ASCII
// letters, digits, "_" and "-", starting with a letter or "_") followed by
// ":".
func flatKey(line string) (string, bool) {
	i := 0
	for i < len(line) && i <= maxFlatKeyLen && (flatLetter(line[i]) || line[i] == '_' || (i > 0 && (flatDigit(line[i]) || line[i] == '-'))) {
		i++
	}
	if i == 0 || i > maxFlatKeyLen || i == len(line) || line[i] != ':' {
		return "", false
	}
	return line[:i], true
}

// item reads a line "- value" of the block sequence the last key holds.
// Its items must all be indented alike: yaml.v3 reads other indentations
// as nesting, continuation lines or errors.
func (p *flatParser) item(num int, line string) bool {
	indent := len(line) - len(strings.TrimLeft(line, " "))
	if !strings.HasPrefix(line[indent:], "- ") {
		return false
	}
	switch {
	case p.waiting():
		p.seq = p.node(node{kind: listNode, pos: diag.Pos{Line: num, Col: indent + 1}})
		p.indent = indent
		p.root.fields[len(p.root.fields)-1].val = p.seq
	case p.seq == nil || indent != p.indent:
		return false
	}
	start := len(line) - len(strings.TrimLeft(line[indent+1:], " "))
	val, ok := flatScalar(line[start:], diag.Pos{Line: num, Col: start + 1})
	if !ok {
		return false
	}
	p.seq.items = append(p.seq.items, p.node(val))
	return true
}

// value reads the value of a key, which starts at line[start] and runs to
// the end of the line.
func (p *flatParser) value(line string, start, num int) (*node, bool) {
	if line[start] == '[' {
		return p.flowSeq(line, start, num)
	}
	pos := diag.Pos{Line: num, Col: start + 1} // only ASCII precedes it: the key, ":" and spaces
	val, ok := flatScalar(line[start:], pos)
	if !ok {
		return nil, false
	}
	return p.node(val), true
}

// flowSeq reads a flow sequence of scalars, "[a, 'b', "c"]", which starts
// at line[start] and must end the line.
func (p *flatParser) flowSeq(line string, start, num int) (*node, bool) {
	seq := p.node(node{kind: listNode, pos: diag.Pos{Line: num, Col: start + 1}})
	i := skipFlatSpaces(line, start+1)
	if i < len(line) && line[i] == ']' {
		return seq, i+1 == len(line)
	}
	col, counted := start+1, start // columns count characters, up to line[counted]
	for i < len(line) {
		end, ok := flowItemEnd(line, i)
		if !ok {
			return nil, false
		}
		col += utf8.RuneCountInString(line[counted:i])
		counted = i
		item, ok := flatScalar(strings.TrimRight(line[i:end], " "), diag.Pos{Line: num, Col: col})
		if !ok {
			return nil, false
		}
		seq.items = append(seq.items, p.node(item))
		i = skipFlatSpaces(line, end)
		switch {
		case i == len(line):
			return nil, false // the sequence goes on to another line
		case line[i] == ']':
			return seq, i+1 == len(line)
		case line[i] != ',':
			return nil, false
		}
		i = skipFlatSpaces(line, i+1)
	}
	return nil, false
}

// flowItemEnd returns the end of the flow sequence item at line[i]: past
// its closing quote, or, unquoted, at the "," or "]" after it. Characters
// that end or start something else in a flow sequence make it fail.
func flowItemEnd(line string, i int) (int, bool) {
	if q := line[i]; q == '"' || q == '\'' {
		j := strings.IndexByte(line[i+1:], q)
		return i + j + 2, j >= 0
	}
	j := strings.IndexAny(line[i:], ",]")
	if j < 0 || strings.ContainsAny(line[i:i+j], `:?[{}"`) {
		return 0, false
	}
	return i + j, true
}

// flatScalar reads a scalar that makes up all of s, which has no trailing
// spaces: quoted on one line, or plain and of a kind certain to be
// resolved as plainKind says.
func flatScalar(s string, pos diag.Pos) (node, bool) {
	if s == "" {
		return node{}, false
	}
	if q := s[0]; q == '"' || q == '\'' {
		// No inner quote: in single quotes, a doubled one is an escape.
		if len(s) < 2 || s[len(s)-1] != q || strings.IndexByte(s[1:len(s)-1], q) >= 0 {
			return node{}, false
		}
		return node{text: s[1 : len(s)-1], quoted: true, pos: pos}, true
	}
	kind, ok := plainKind(s)
	if !ok || strings.Contains(s, ": ") || s[len(s)-1] == ':' || strings.ContainsAny(s, "[]{}") {
		return node{}, false
	}
	return node{text: s, scalar: kind, pos: pos}, true
}

// plainKind returns the kind yaml.v3 resolves the plain scalar s to, if s
// is one of the few forms whose kind is certain (numberKind lists those
// starting with a digit); text starting with a letter is text, unless it is
// true or false (in yaml.v3's three spellings), or another special word.
func plainKind(s string) (scalarType, bool) {
	c := s[0]
	switch {
	case flatDigit(c):
		return numberKind(s)
	case c >= utf8.RuneSelf:
		r, _ := utf8.DecodeRuneInString(s)
		return stringScalar, unicode.IsLetter(r)
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return boolScalar, true
	}
	return stringScalar, flatLetter(c) && !flatWord(s)
}

// numberKind resolves a plain scalar starting with a digit, if it is a
// decimal integer of at most 18 digits without leading zeros, a decimal
// fraction such as 1500000.50, a date YYYY-MM or YYYY-MM-DD (resolved as
// text or as a timestamp, both text here) or a code such as 1617B.
func numberKind(s string) (scalarType, bool) {
	if whole, frac, ok := strings.Cut(s, "."); ok {
		return floatScalar, flatDigits(whole) && flatDigits(frac) && len(whole) <= 18 && len(frac) <= 18
	}
	switch {
	case flatDigits(s):
		return intScalar, len(s) <= 18 && (s[0] != '0' || len(s) == 1)
	case len(s) == 7 && flatDigits(s[:4]) && s[4] == '-' && flatDigits(s[5:]),
		len(s) == 10 && flatDigits(s[:4]) && s[4] == '-' && flatDigits(s[5:7]) && s[7] == '-' && flatDigits(s[8:]):
		return stringScalar, true
	}
	return stringScalar, flatCode(s)
}

// flatCode reports whether s, which starts with a digit and is not all
// digits, is a project code that yaml.v3 takes for text: letters and
// digits, not starting with "0" (which could start "0x", "0b" or "0o"), and
// not an exponent such as 1e5.
func flatCode(s string) bool {
	i := 0
	for i < len(s) && flatDigit(s[i]) {
		i++
	}
	if s[0] == '0' || i == len(s) || (s[i] == 'e' || s[i] == 'E') && flatDigits(s[i+1:]) {
		return false
	}
	for ; i < len(s); i++ {
		if !flatDigit(s[i]) && !flatLetter(s[i]) {
			return false
		}
	}
	return true
}

// flatWord reports whether s is one of flatSpecial's words, in any case.
func flatWord(s string) bool {
	for _, w := range flatSpecial {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

// flatDigits reports whether s is one or more ASCII digits.
func flatDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !flatDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// flatDigit reports whether c is an ASCII digit.
func flatDigit(c byte) bool { return c >= '0' && c <= '9' }

// flatLetter reports whether c is an ASCII letter.
func flatLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// skipFlatSpaces returns the index of the first byte of s from i on that
// is not a space.
func skipFlatSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}
