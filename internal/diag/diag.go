// Package diag carries the messages a build reports to a person: each names
// the file, line and column it is about, says what is wrong, and is either an
// error (the build fails) or a warning (the build goes on).
//
// Every package that reads input reports through a List so that one build
// reports every problem in every file together, in a stable order, formatted
// as "path:line:col: message" — the form editors, terminals and editors'
// quick-fix lists all understand. Suggest (DidYouMean) finds what a
// misspelt name meant, by Distance, the edit distance every package uses.
// Printable escapes what a terminal would act on in a name or message, and
// Few names a handful of files, quoted, for a message about many.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a 1-based line and column in a file; zero means unknown.
type Pos struct {
	Line, Col int
}

// Severity tells whether a Diagnostic fails the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diagnostic is one message about one place in one file.
type Diagnostic struct {
	Path     string // slash-separated, relative to the site root
	Pos      Pos
	Severity Severity
	Msg      string
}

// String formats d as "path:line:col: message", with "warning: " before
// warnings' messages and the position parts left out when unknown. The
// path and the message are made Printable: they may hold a file's name or
// an editor's text, and this is what reaches a terminal.
func (d Diagnostic) String() string {
	var b strings.Builder
	if d.Path != "" {
		b.WriteString(Printable(d.Path))
		if d.Pos.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Pos.Line)
			if d.Pos.Col > 0 {
				fmt.Fprintf(&b, ":%d", d.Pos.Col)
			}
		}
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(Printable(d.Msg))
	return b.String()
}

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Errorf adds an error at path:pos.
func (l *List) Errorf(path string, pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at path:pos.
func (l *List) Warnf(path string, pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Count returns the number of diagnostics of severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool { return l.Count(Error) > 0 }

// Sort orders l by path, line, column and message, so that output does not
// depend on the order in which files were processed.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			strings.Compare(a.Msg, b.Msg),
		)
	})
}

// Err returns nil when l has no errors, and otherwise an error whose message
// is every error in l, one per line.
func (l List) Err() error {
	var lines []string
	for _, d := range l {
		if d.Severity == Error {
			lines = append(lines, d.String())
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return &ListError{List: l, text: strings.Join(lines, "\n")}
}

// ListError is the error Err returns; its List holds every diagnostic.
type ListError struct {
	List List
	text string
}

func (e *ListError) Error() string { return e.text }
