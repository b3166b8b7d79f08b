package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"portfolio/internal/diag"
)

// A node is one value of a front matter, whatever its format, with the
// position in the file that an error about it should name. Decoding every
// format into nodes lets one validator serve YAML, TOML and JSON alike.
type node struct {
	kind    nodeKind
	text    string // scalars: the value as written (dates as YYYY-MM-DD)
	quoted  bool   // YAML scalars: written in quotes, as one value on purpose
	cut     string // unquoted YAML scalars: a comment that may have been meant as the value's end (cutComment)
	example bool   // YAML scalars: marked as portfolio new's example (Example)
	scalar  scalarType
	items   []*node // lists
	fields  []field // maps, in source order
	pos     diag.Pos
}

// values returns n and a list's items: the scalars a field may hold.
func (n *node) values() []*node { return append([]*node{n}, n.items...) }

type field struct {
	key string
	pos diag.Pos // of the key
	val *node
}

type nodeKind int

const (
	scalarNode nodeKind = iota
	listNode
	mapNode
)

type scalarType int

const (
	stringScalar scalarType = iota
	intScalar
	floatScalar
	boolScalar
	nullScalar
)

// maxDepth bounds nesting: the schema needs two levels, and a hostile file
// must not make the decoder recurse without end.
const maxDepth = 16

// A syntaxError is a front matter that does not decode, at a position
// relative to the front matter's first line.
type syntaxError struct {
	pos diag.Pos
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlParserError matches the messages of the YAML parser's errors, whose
// line numbers the YAML package reports counting from 0 (its scanner's
// errors count from 1).
var yamlParserError = regexp.MustCompile(`^(?:did not find expected|found (?:duplicate %|incompatible YAML|undefined tag))`)

// YAMLError finds the line in a YAML syntax error in data (its column is
// not given: the position has column 1, or a tab's) and returns the
// message without the package's prefix, with a hint for the commonest
// slips: a tab in an indent, a key without a space after its colon, a
// value wrapped onto a line of its own, one that needs quotes.
func YAMLError(err error, data []byte) (diag.Pos, string) {
	msg := err.Error()
	pos := diag.Pos{Line: 1, Col: 1}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		if m[1] != "" {
			pos.Line, _ = strconv.Atoi(m[1])
			if yamlParserError.MatchString(msg) {
				pos.Line++
			}
		}
	}
	if strings.Contains(msg, "tab") || strings.Contains(msg, "cannot start any token") {
		at, ok := tabAt(data, pos.Line)
		if !ok { // the YAML package names the line before an indenting tab's
			at, ok = tabAt(data, pos.Line+1)
		}
		if ok {
			return at, msg + "; this line holds a tab: indent with spaces"
		}
	}
	switch {
	case strings.Contains(msg, "could not find expected ':'"):
		if l, _ := lineOf(data, pos.Line); keyWithoutSpace.MatchString(l) {
			msg += "; write a space after each key's colon, as in `budget: 100`"
		} else {
			msg += "; a line without a key: if it goes on the value above, put that whole value in quotes on one line"
		}
	case strings.Contains(msg, "mapping values are not allowed") || strings.Contains(msg, "did not find expected key"):
		msg += "; check the indentation, and put in quotes a value that holds \": \" or starts with [ or {"
	case strings.Contains(msg, "unknown anchor") || strings.Contains(msg, "did not find expected alphabetic or numeric character"):
		msg += "; put in quotes a value that starts with * or &"
	}
	return pos, msg
}

// tabAt finds the tab that a YAML error on line (counted from 1) of data is
// likely about, for a message that names it: one in the line's indent,
// list dashes included, since YAML indents with spaces only.
func tabAt(data []byte, line int) (diag.Pos, bool) {
	l, ok := lineOf(data, line)
	indent := l[:len(l)-len(strings.TrimLeft(l, " \t-"))]
	if col := strings.IndexByte(indent, '\t'); ok && col >= 0 {
		return diag.Pos{Line: line, Col: col + 1}, true
	}
	return diag.Pos{}, false
}

// lineOf returns line (counted from 1) of data.
func lineOf(data []byte, line int) (string, bool) {
	for i, l := range strings.Split(string(data), "\n") {
		if i+1 == line {
			return strings.TrimSuffix(l, "\r"), true
		}
	}
	return "", false
}

var keyWithoutSpace = regexp.MustCompile(`^\s*(?:- )?[A-Za-z_][\w-]*:[^\s]`)

// decodeYAML decodes a YAML front matter: flat ones, as project files are
// written, quickly (flatyaml.go), and any other with yaml.v3.
func decodeYAML(data []byte) (*node, error) {
	if root, ok := decodeFlatYAML(data); ok {
		return root, nil
	}
	return decodeFullYAML(data)
}

// decodeFullYAML decodes a YAML front matter with yaml.v3. Anchors and
// aliases are refused: no project needs them, and they are how "billion
// laughs" inputs explode.
func decodeFullYAML(data []byte) (*node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos, msg := YAMLError(err, data)
		if strings.Contains(msg, "unexpected end of stream") {
			// The YAML package read a quoted value to the end: say where
			// it began.
			if at, quote, ok := unclosedQuote(data); ok {
				pos, msg = at, fmt.Sprintf("the quoted value that starts here is never closed; end it with %c on the same line", quote)
			}
		}
		return nil, &syntaxError{pos: pos, msg: "invalid YAML front matter: " + msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &node{kind: mapNode, pos: diag.Pos{Line: 1, Col: 1}}, nil
	}
	return fromYAML(doc.Content[0], 0)
}

// unclosedQuote finds the value in a YAML front matter that opens a quote
// no later line closes: a key's value, a list item's, or a key's within a
// list item. YAML lets a quoted value run on over lines, so one that is
// never closed is read to the end of the front matter.
func unclosedQuote(data []byte) (diag.Pos, byte, bool) {
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSuffix(lines[i], "\r")
		start := valueStart(line)
		if start < 0 || start >= len(line) || (line[start] != '"' && line[start] != '\'') {
			continue
		}
		quote, opened := line[start], diag.Pos{Line: i + 1, Col: utf8.RuneCountInString(line[:start]) + 1}
		rest, closed := line[start+1:], false
		for {
			if closed = closes(rest, quote); closed || i+1 == len(lines) {
				break
			}
			i++
			rest = "\n" + strings.TrimSuffix(lines[i], "\r")
		}
		if !closed {
			return opened, quote, true
		}
	}
	return diag.Pos{}, 0, false
}

// valueStart returns where the value of a front matter line begins: after
// "key:", after "- ", or after "- key:", and the blanks that follow; -1 for
// a line with none (a comment, a key alone).
func valueStart(line string) int {
	start := len(line) - len(strings.TrimLeft(line, " "))
	if strings.HasPrefix(line[start:], "#") {
		return -1
	}
	found := false
	if strings.HasPrefix(line[start:], "- ") {
		start += 2
		found = true
	}
	if k := strings.IndexByte(line[start:], ':'); k >= 0 && k+1 < len(line[start:]) && (line[start+k+1] == ' ' || line[start+k+1] == '\t') {
		if q := strings.IndexAny(line[start:], "\"'"); q < 0 || q > k { // the colon is not within a quoted value
			start += k + 2
			found = true
		}
	}
	if !found {
		return -1
	}
	return start + len(line[start:]) - len(strings.TrimLeft(line[start:], " \t"))
}

// closes reports whether rest, what follows an opening quote, closes it:
// in double quotes a backslash escapes the next character, and in single
// quotes a quote is escaped by doubling it.
func closes(rest string, quote byte) bool {
	for i := 0; i < len(rest); i++ {
		switch {
		case quote == '"' && rest[i] == '\\':
			i++
		case rest[i] == quote && quote == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
			i++
		case rest[i] == quote:
			return true
		}
	}
	return false
}

func fromYAML(y *yaml.Node, depth int) (*node, error) {
	pos := diag.Pos{Line: y.Line, Col: y.Column}
	if depth > maxDepth {
		return nil, &syntaxError{pos: pos, msg: fmt.Sprintf("front matter nested more than %d levels deep", maxDepth)}
	}
	if y.Kind == yaml.AliasNode || y.Anchor != "" {
		return nil, &syntaxError{pos: pos, msg: "YAML anchors and aliases are not supported in front matter; write the value out"}
	}
	n := &node{pos: pos}
	switch y.Kind {
	case yaml.ScalarNode:
		n.text = y.Value
		if y.Style == 0 {
			n.cut = cutComment(y.LineComment)
		}
		n.quoted = y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		n.example = y.LineComment == Example
		switch y.ShortTag() {
		case "!!int":
			n.scalar = intScalar
		case "!!float":
			n.scalar = floatScalar
		case "!!bool":
			n.scalar = boolScalar
		case "!!null":
			n.scalar = nullScalar
		}
	case yaml.SequenceNode:
		n.kind = listNode
		for _, c := range y.Content {
			item, err := fromYAML(c, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, item)
		}
	case yaml.MappingNode:
		n.kind = mapNode
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, &syntaxError{pos: diag.Pos{Line: k.Line, Col: k.Column}, msg: "front matter keys must be plain names"}
			}
			val, err := fromYAML(v, depth+1)
			if err != nil {
				return nil, err
			}
			if val.kind == scalarNode && val.scalar == nullScalar && v.Style == 0 {
				val.cut = cutComment(k.LineComment) // "title: #1 priority": the comment is the key's
			}
			n.fields = append(n.fields, field{key: k.Value, pos: diag.Pos{Line: k.Line, Col: k.Column}, val: val})
		}
	default:
		return nil, &syntaxError{pos: pos, msg: "unsupported YAML in front matter"}
	}
	return n, nil
}

// cutComment returns the comment after an unquoted value if it may have
// been meant as part of the value: YAML reads "title: Project #2 for SIDS"
// as the title "Project" and a comment, but a comment meant as one is
// written "# like this", with a space.
func cutComment(comment string) string {
	if len(comment) < 2 || comment[0] != '#' || comment[1] == ' ' || comment[1] == '\t' || comment[1] == '#' {
		return ""
	}
	return comment
}

// decodeTOML decodes a TOML front matter. The TOML decoder does not report
// where keys are, so values take the position of their key's line, found in
// the text.
func decodeTOML(data []byte) (*node, error) {
	// The TOML decoder nests without limit, slowly: refuse depth first, at
	// the line's first text, as for other TOML values.
	if off := tooDeepTOML(data, maxDepth+1); off >= 0 {
		line := bytes.LastIndexByte(data[:off], '\n') + 1
		for line < off && (data[line] == ' ' || data[line] == '\t') {
			line++
		}
		return nil, &syntaxError{pos: offsetPos(data, line), msg: fmt.Sprintf("front matter nested more than %d levels deep", maxDepth)}
	}
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			pos := diag.Pos{Line: max(perr.Position.Line, 1), Col: max(perr.Position.Col, 1)}
			if perr.Position.Line < 1 { // an unclosed string at the start is reported on line 0
				pos.Col = 1
			}
			// Some errors, such as a key set twice, are placed past the end
			// of their line; point at the start of the line's text instead.
			if lines := strings.Split(string(data), "\n"); pos.Line >= 1 && pos.Line <= len(lines) {
				line := strings.TrimRight(lines[pos.Line-1], "\r")
				if pos.Col > len(line)+1 {
					pos.Col = 1 + len(line) - len(strings.TrimLeft(line, " \t"))
				}
			}
			msg := "invalid TOML front matter: " + perr.Message
			if strings.HasPrefix(perr.Message, "invalid datetime") {
				msg += `; write dates as quoted text, as in start = "2019-01"` // a bare 2019-01 is not TOML
			}
			return nil, &syntaxError{pos: pos, msg: msg}
		}
		return nil, &syntaxError{pos: diag.Pos{Line: 1, Col: 1}, msg: "invalid TOML front matter: " + err.Error()}
	}
	// A key is found as "key =", as "key.sub =" or as a table header "[key]".
	return fromGeneric(m, keyFinder(data, `(?m)^[ \t]*(?:\[\[?[ \t]*)?["']?%s["']?[ \t]*[=.\]]`), diag.Pos{Line: 1, Col: 1}, 0)
}

// tooDeepTOML returns the offset of the first "[" or "{" outside strings
// and comments that opens more than limit levels, or -1.
func tooDeepTOML(data []byte, limit int) int {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case '"', '\'':
			quote := string(c)
			if bytes.HasPrefix(data[i:], []byte(quote+quote+quote)) {
				quote += quote + quote
			}
			i += len(quote)
			for i < len(data) && !bytes.HasPrefix(data[i:], []byte(quote)) && (len(quote) == 3 || data[i] != '\n') {
				if c == '"' && data[i] == '\\' {
					i++ // an escaped character, perhaps a quote
				}
				i++
			}
			i += len(quote) - 1
		case '[', '{':
			if depth++; depth > limit {
				return i
			}
		case ']', '}':
			depth--
		}
	}
	return -1
}

// decodeJSON decodes a JSON front matter. The object's keys are read one by
// one, as they are written: a map would lose their positions, and a key set
// twice would silently keep only its last value.
func decodeJSON(data []byte) (*node, error) {
	invalid := func(err error) error {
		pos := diag.Pos{Line: 1, Col: 1}
		var serr *json.SyntaxError
		if errors.As(err, &serr) {
			pos = offsetPos(data, int(serr.Offset)-1) // Offset counts the offending byte
		}
		return &syntaxError{pos: pos, msg: "invalid JSON front matter: " + err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, invalid(err)
	}
	if rest := data[dec.InputOffset():]; len(bytes.TrimSpace(rest)) > 0 {
		off := len(data) - len(bytes.TrimLeft(rest, " \t\r\n"))
		return nil, &syntaxError{pos: offsetPos(data, off), msg: `invalid JSON front matter: text after the closing "}"; put every key in one object`}
	}
	if _, ok := v.(map[string]any); !ok {
		return fromGeneric(v, nil, diag.Pos{Line: 1, Col: 1}, 0) // not an object: Parse says so
	}
	root := &node{kind: mapNode, pos: diag.Pos{Line: 1, Col: 1}}
	dec = json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the opening "{"
		return nil, invalid(err)
	}
	for dec.More() {
		off := int(dec.InputOffset()) // before the comma and space ahead of the key
		tok, err := dec.Token()
		if err != nil {
			return nil, invalid(err)
		}
		key, _ := tok.(string)
		kpos := offsetPos(data, off+bytes.IndexByte(data[off:], '"'))
		var item any
		if err := dec.Decode(&item); err != nil {
			return nil, invalid(err)
		}
		val, err := fromGeneric(item, nil, kpos, 1)
		if err != nil {
			return nil, err
		}
		root.fields = append(root.fields, field{key: key, pos: kpos, val: val})
	}
	return root, nil
}

// keyFinder returns a function giving the position of a top-level key's
// first occurrence, per pattern (a regexp with %s for the quoted key).
func keyFinder(data []byte, pattern string) func(string) diag.Pos {
	return func(key string) diag.Pos {
		re, err := regexp.Compile(fmt.Sprintf(pattern, regexp.QuoteMeta(key)))
		if err != nil {
			return diag.Pos{Line: 1, Col: 1}
		}
		loc := re.FindIndex(data)
		if loc == nil {
			return diag.Pos{Line: 1, Col: 1}
		}
		start := loc[0]
		for start < len(data) && (data[start] == ' ' || data[start] == '\t') {
			start++
		}
		return offsetPos(data, start)
	}
}

// offsetPos converts a byte offset into a line and column.
func offsetPos(data []byte, off int) diag.Pos {
	off = min(max(off, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := utf8.RuneCount(data[bytes.LastIndexByte(data[:off], '\n')+1:off]) + 1 // in characters, as editors count
	return diag.Pos{Line: line, Col: col}
}

func fromGeneric(v any, find func(string) diag.Pos, pos diag.Pos, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, &syntaxError{pos: pos, msg: fmt.Sprintf("front matter nested more than %d levels deep", maxDepth)}
	}
	n := &node{pos: pos}
	switch v := v.(type) {
	case map[string]any:
		n.kind = mapNode
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			kpos := pos
			if depth == 0 {
				kpos = find(k)
			}
			val, err := fromGeneric(v[k], find, kpos, depth+1)
			if err != nil {
				return nil, err
			}
			n.fields = append(n.fields, field{key: k, pos: kpos, val: val})
		}
		// Report in source order, as YAML does.
		slices.SortStableFunc(n.fields, func(a, b field) int {
			if a.pos.Line != b.pos.Line {
				return a.pos.Line - b.pos.Line
			}
			return a.pos.Col - b.pos.Col
		})
	case []any:
		n.kind = listNode
		for _, item := range v {
			c, err := fromGeneric(item, find, pos, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
	case []map[string]any:
		n.kind = listNode
		for _, item := range v {
			c, err := fromGeneric(item, find, pos, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
	case string:
		n.text = v
	case json.Number:
		n.text = v.String()
		n.scalar = floatScalar
		if _, err := v.Int64(); err == nil {
			n.scalar = intScalar
		}
	case int64:
		n.text, n.scalar = strconv.FormatInt(v, 10), intScalar
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			n.text = strconv.FormatFloat(v, 'g', -1, 64)
		} else {
			n.text = strconv.FormatFloat(v, 'f', -1, 64)
		}
		n.scalar = floatScalar
	case bool:
		n.text, n.scalar = strconv.FormatBool(v), boolScalar
	case nil:
		n.scalar = nullScalar
	case time.Time: // TOML dates, local or not
		n.text = v.Format("2006-01-02")
	default:
		n.text = fmt.Sprint(v)
	}
	return n, nil
}

// describe names a node's type the way an editor would, for messages.
func (n *node) describe() string {
	switch n.kind {
	case listNode:
		return "a list"
	case mapNode:
		return "a set of keys"
	}
	switch n.scalar {
	case intScalar, floatScalar:
		return "a number"
	case boolScalar:
		return "true/false"
	case nullScalar:
		return "empty"
	}
	return "text"
}

// Trim spaces editors leave around values; kept here so every format does it.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }
