package content

import (
	"bufio"
	"bytes"
	"html/template"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"portfolio/internal/diag"
)

// markdown converts project bodies: GitHub-flavoured Markdown with heading
// IDs. Raw HTML is dropped unless the site allows it, so a project file
// cannot put script into the published pages.
type markdown struct {
	gm        goldmark.Markdown
	allowHTML bool
	scratch   *scratch
}

// scratch is what converting a body needs for a moment, kept for the next
// body: the buffered writer it is rendered through and the set of words it
// has. A body has hundreds of distinct words, and a fresh set each time was
// most of parsing's garbage.
type scratch struct {
	writers sync.Pool // *bufio.Writer
	words   sync.Pool // map[string]struct{}, empty
}

// maxKeptWords bounds a set of words put back for reuse: one grown on an
// unusually long body would cost its size to clear after every later body.
const maxKeptWords = 4096

// NewMarkdown returns the goldmark configuration project bodies use, for
// tools (such as the benchmark floor) that must convert exactly the same way.
func NewMarkdown(allowHTML bool) goldmark.Markdown {
	opts := []goldmark.Option{
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}
	if allowHTML {
		opts = append(opts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(opts...)
}

func newMarkdown(allowHTML bool) markdown {
	sc := &scratch{}
	sc.writers.New = func() any { return bufio.NewWriterSize(nil, 4096) }
	sc.words.New = func() any { return make(map[string]struct{}, 512) }
	return markdown{gm: NewMarkdown(allowHTML), allowHTML: allowHTML, scratch: sc}
}

// summaryLen bounds a summary, in bytes, cut at a word.
const summaryLen = 240

// convert renders body into p and collects what the site needs from it:
// sections, links with their file positions, the plain text and a summary.
// at maps a byte offset in body to a position in the file; warn reports
// what the page will not show as written (dropped.go). A body beyond the
// limits in limits.go is not converted: convert returns where and why.
func (m markdown) convert(p *Project, body []byte, at func(int) diag.Pos, warn func(diag.Pos, string)) *bodyError {
	if err := checkStructure(body); err != nil {
		return err
	}
	if err := checkInlineWork(body); err != nil {
		return err
	}
	doc := m.gm.Parser().Parse(text.NewReader(body))
	if err := checkLinks(doc, body); err != nil {
		return err
	}
	var plain strings.Builder
	var firstList *ast.List // its items are the summary of a body with no paragraph of its own
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock { // paragraphs, headings, list items, table cells...
				plain.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
			if off := strayBreak(n, body); off >= 0 {
				warn(at(off), strayBreakMsg)
			}
		}
		switch n := n.(type) {
		case *ast.Heading:
			if off := headingStart(n, body); n.Level == 1 && off >= 0 {
				warn(at(off), titleHeadingMsg)
			}
			if n.Level == 2 {
				id, _ := n.AttributeString("id")
				idb, _ := id.([]byte)
				p.Sections = append(p.Sections, Section{ID: string(idb), Title: inlineText(n, body)})
			}
		case *ast.Paragraph:
			if p.Summary == "" && n.Parent() == doc {
				p.Summary = shorten(inlineText(n, body), summaryLen)
			}
		case *ast.List:
			if firstList == nil && n.Parent() == doc {
				firstList = n
			}
		case *ast.Link:
			p.Links = append(p.Links, Link{URL: string(n.Destination), Pos: at(nodeOffset(n, body))})
		case *ast.Image:
			p.Links = append(p.Links, Link{URL: string(n.Destination), Pos: at(nodeOffset(n, body)), Image: true})
		case *ast.AutoLink:
			p.Links = append(p.Links, Link{URL: autoLinkURL(n, body), Pos: at(nodeOffset(n, body))})
			plain.Write(n.Label(body))
		case *ast.RawHTML, *ast.HTMLBlock:
			if !m.allowHTML {
				if off, msg := droppedHTML(n, body); msg != "" {
					warn(at(off), msg)
				}
			}
		case *ast.Text:
			plain.Write(textValue(n, body))
			if n.SoftLineBreak() || n.HardLineBreak() {
				plain.WriteByte(' ')
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				plain.Write(seg.Value(body))
			}
		}
		return ast.WalkContinue, nil
	})
	if p.Summary == "" && firstList != nil {
		p.Summary = shorten(listText(firstList, body), summaryLen)
	}
	p.Text = collapseSpace(plain.String())
	seen := m.scratch.words.Get().(map[string]struct{})
	p.Words = distinctWords(p.Text, seen)
	if len(seen) <= maxKeptWords {
		clear(seen)
		m.scratch.words.Put(seen)
	}
	var buf bytes.Buffer
	w := m.scratch.writers.Get().(*bufio.Writer)
	w.Reset(&buf)
	err := m.gm.Renderer().Render(w, body, doc) // a *bufio.Writer is used as it is, not wrapped in a new one
	if err == nil {
		err = w.Flush()
	}
	w.Reset(nil)
	m.scratch.writers.Put(w)
	if err == nil {
		p.Body = template.HTML(buf.String()) // goldmark escapes text and drops raw HTML unless allowed
	}
	return nil
}

// listText returns the plain text of list n's items, each item's first
// block, joined with "; ": the summary of a body that is all lists.
func listText(n *ast.List, src []byte) string {
	var items []string
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		if first := item.FirstChild(); first != nil && (first.Kind() == ast.KindTextBlock || first.Kind() == ast.KindParagraph) {
			if t := strings.TrimRight(strings.TrimSpace(inlineText(first, src)), ";,."); t != "" {
				items = append(items, t)
			}
		}
	}
	return strings.Join(items, "; ")
}

// inlineText returns the plain text of n's inline children.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(textValue(t, src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		}
		if s, ok := c.(*ast.String); ok && entering {
			b.Write(s.Value)
		}
		if a, ok := c.(*ast.AutoLink); ok && entering {
			b.Write(a.Label(src)) // an autolink has no text child: its label is its text
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// textValue returns a text node's text as a reader sees it: with backslash
// escapes and character references such as "&amp;" resolved, as the HTML
// renderer does, except in code, which is raw.
func textValue(t *ast.Text, src []byte) []byte {
	v := t.Segment.Value(src)
	if t.IsRaw() {
		return v
	}
	return util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
}

// autoLinkURL returns where an autolink points, with "mailto:" before an
// e-mail address as the HTML renderer writes it.
func autoLinkURL(n *ast.AutoLink, src []byte) string {
	url := string(n.URL(src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	return url
}

// nodeOffset finds where an inline node starts in src. Goldmark records
// where a link's "[" is, and where an autolink's parsing began (the URL
// itself, or the character before it); failing that, at the node's first
// text, or at its block's first line.
func nodeOffset(n ast.Node, src []byte) int {
	if off := n.Pos(); off >= 0 && off < len(src) {
		if a, ok := n.(*ast.AutoLink); ok {
			if i := bytes.Index(src[off:], a.Label(src)); i >= 0 {
				off += i
			}
		}
		return off
	}
	var off = -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for b := n.Parent(); b != nil; b = b.Parent() {
			if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
				return b.Lines().At(0).Start
			}
		}
		return 0
	}
	// A link's text starts one byte after its "[".
	if _, ok := n.(*ast.Link); ok && off > 0 && src[off-1] == '[' {
		off--
	}
	return off
}

// shorten cuts s to at most n bytes at a word boundary, adding an ellipsis.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n+1], ' ') // a space just past n ends a whole word
	if cut <= 0 {
		for cut = n; cut > 0 && !utf8.RuneStart(s[cut]); cut-- {
		}
	}
	return strings.TrimRight(s[:cut], " ,;:.") + "…"
}

// distinctWords returns the distinct words of text, lower-cased, in order
// of first appearance, for the filter page's search; seen is an empty set
// to note them in. A word is a run of letters, digits and hyphens, trimmed
// of hyphens, of three characters or more.
func distinctWords(text string, seen map[string]struct{}) string {
	var b strings.Builder
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }
	for w := range strings.FieldsFuncSeq(strings.ToLower(text), notWord) {
		w = strings.Trim(w, "-")
		if _, ok := seen[w]; ok || utf8.RuneCountInString(w) < 3 {
			continue
		}
		seen[w] = struct{}{}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return strings.Clone(b.String()) // of its own size: the words are kept for the whole build
}

// collapseSpace returns text with each run of Unicode white space made one
// space and none at either end, as strings.Join(strings.Fields(text), " ")
// does, without the slice of words.
func collapseSpace(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for w := range strings.FieldsSeq(text) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}
