package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"portfolio/internal/diag"
)

// A front matter is read with yaml.v3 into its node tree, which the
// validator reads directly: each yaml.Node carries its kind, its value as
// written, its resolved tag (ShortTag), its quoting, its comments, and its
// line and column, the line counted in the whole file once decodeYAML has
// settled it.

// maxDepth bounds nesting: the schema needs two levels, and a hostile file
// must not make the checks recurse without end.
const maxDepth = 16

// A syntaxError is a front matter that does not decode, or holds what the
// validator does not read, at its position in the file.
type syntaxError struct {
	pos diag.Pos
	msg string
}

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

// decodeYAML decodes a YAML front matter, whose first line is line
// first+1 of its file, into the mapping or other node it holds, with
// positions in the file. An empty front matter is an empty mapping.
// Anchors and aliases are refused: no project needs them, and they are how
// "billion laughs" inputs explode.
func decodeYAML(data []byte, first int) (*yaml.Node, *syntaxError) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos, msg := YAMLError(err, data)
		if strings.Contains(msg, "unexpected end of stream") {
			// The YAML package read a quoted value to the end. It names
			// the line where the value began, or the end's line for one
			// that began on the first line (its line 0): say where.
			if pos.Line > bytes.Count(data, []byte("\n")) {
				pos.Line = 1
			}
			if l, ok := lineOf(data, pos.Line); ok {
				if i := strings.IndexAny(l, `"'`); i >= 0 {
					pos = diag.Pos{Line: pos.Line, Col: utf8.RuneCountInString(l[:i]) + 1}
					msg = fmt.Sprintf("the quoted value that starts here is never closed; end it with %c on the same line", l[i])
				}
			}
		}
		pos.Line += first
		return nil, &syntaxError{pos: pos, msg: "invalid YAML front matter: " + msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first + 1, Column: 1}, nil
	}
	root := doc.Content[0]
	if err := settle(root, first, 0); err != nil {
		return nil, err
	}
	return root, nil
}

// settle refuses in the tree at y what the validator does not read (too
// deep a nesting, anchors and aliases, keys that are not plain scalars) and
// moves every node's line down by first, to count in the whole file.
func settle(y *yaml.Node, first, depth int) *syntaxError {
	y.Line += first
	if depth > maxDepth {
		return &syntaxError{pos: at(y), msg: fmt.Sprintf("front matter nested more than %d levels deep", maxDepth)}
	}
	if y.Kind == yaml.AliasNode || y.Anchor != "" {
		return &syntaxError{pos: at(y), msg: "YAML anchors and aliases are not supported in front matter; write the value out"}
	}
	for i, c := range y.Content {
		if y.Kind == yaml.MappingNode && i%2 == 0 { // a key
			if c.Line += first; c.Kind != yaml.ScalarNode {
				return &syntaxError{pos: at(c), msg: "front matter keys must be plain names"}
			}
			continue
		}
		if err := settle(c, first, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// at returns where y is in its file.
func at(y *yaml.Node) diag.Pos { return diag.Pos{Line: y.Line, Col: y.Column} }

// values returns n and a list's items: the scalars a field may hold.
func values(n *yaml.Node) []*yaml.Node {
	if n.Kind == yaml.SequenceNode {
		return append([]*yaml.Node{n}, n.Content...)
	}
	return []*yaml.Node{n}
}

// isNull reports whether n is empty: nothing, "~" or null.
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// isNumber reports whether n is a number as YAML reads one, unquoted.
func isNumber(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float")
}

// isText reports whether n is a scalar YAML reads as text: not a number,
// true/false or empty.
func isText(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.ShortTag() {
	case "!!int", "!!float", "!!bool", "!!null":
		return false
	}
	return true
}

// quoted reports whether n is a scalar written in quotes, as one value on purpose.
func quoted(n *yaml.Node) bool {
	return n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
}

// describe names a node's type the way an editor would, for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of keys"
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true/false"
	case "!!null":
		return "empty"
	}
	return "text"
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

// clean trims the spaces editors leave around values and within them.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }
