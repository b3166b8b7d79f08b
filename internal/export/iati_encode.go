package export

// Activities in data/iati-activities.xml written by hand, for Stream and
// Memo: byte for byte what iatiFile's encoding/xml Encoder (indented by
// "  " with the prefix "  ") writes for an iatiActivity, without its
// reflection. The types in iati.go stay the schema: activity maps a project
// to one, and IATI encodes them with encoding/xml, the tests' oracle.

import (
	"math/bits"
	"unicode/utf8"
)

// xmlWriter writes elements as encoding/xml's printer does with an indent:
// each start tag on a new line, indented by depth, and an end tag on the
// same line as its start tag when nothing but text came between them.
type xmlWriter struct {
	b          []byte
	depth      int
	indentedIn bool // the last tag written was a start tag
	started    bool // a tag has been written: the next one goes on a new line
}

// activity appends a's element, as EncodeElement writes it with the start
// element <iati-activity>; the fields come in iatiActivity's order.
func (x *xmlWriter) activity(a *iatiActivity) {
	x.open("iati-activity")
	x.attr("last-updated-datetime", a.LastUpdated)
	x.optAttr("xml:lang", a.Lang) // encoding/xml's own prefix for the xml name space
	x.attr("default-currency", a.Currency)
	x.endOpen()
	x.element("iati-identifier", a.Identifier)
	x.org("reporting-org", a.ReportingOrg)
	x.text("title", a.Title)
	x.text("description", a.Description)
	for _, o := range a.Participants {
		x.org("participating-org", o)
	}
	x.code("activity-status", a.Status)
	for _, d := range a.Dates {
		x.date(d)
	}
	for _, p := range a.Countries {
		x.place("recipient-country", p)
	}
	for _, p := range a.Regions {
		x.place("recipient-region", p)
	}
	for _, c := range a.Sectors {
		x.code("sector", c)
	}
	for _, c := range a.Tags {
		x.code("tag", c)
	}
	for _, bu := range a.Budgets {
		x.budget(bu)
	}
	for _, d := range a.Documents {
		x.document(d)
	}
	x.end("iati-activity")
}

// org, text, code, date, place, budget, day and document append the
// element of the iati.go type they take, named name where the type is used
// under several names, with its attributes and children in the order of
// the type's fields and its omitempty rules.
func (x *xmlWriter) org(name string, o iatiOrg) {
	x.open(name)
	x.optAttr("ref", o.Ref)
	x.optAttr("type", o.Type)
	x.optAttr("role", o.Role)
	x.endOpen()
	x.optElement("narrative", o.Narrative)
	x.end(name)
}

func (x *xmlWriter) text(name string, t iatiText) {
	x.open(name)
	x.optAttr("type", t.Type)
	x.endOpen()
	x.element("narrative", t.Narrative)
	x.end(name)
}

func (x *xmlWriter) code(name string, c iatiCode) {
	x.open(name)
	x.optAttr("vocabulary", c.Vocabulary)
	x.attr("code", c.Code)
	x.endOpen()
	x.end(name)
}

func (x *xmlWriter) date(d iatiDate) {
	x.open("activity-date")
	x.attr("type", d.Type)
	x.attr("iso-date", d.ISODate)
	x.endOpen()
	x.optElement("narrative", d.Narrative)
	x.end("activity-date")
}

func (x *xmlWriter) place(name string, p iatiPlace) {
	x.open(name)
	x.attr("code", p.Code)
	x.optAttr("vocabulary", p.Vocabulary)
	x.optAttr("vocabulary-uri", p.VocabularyURI)
	x.optAttr("percentage", p.Percentage)
	x.endOpen()
	x.optElement("narrative", p.Narrative)
	x.end(name)
}

func (x *xmlWriter) budget(bu iatiBudget) {
	x.open("budget")
	x.attr("type", bu.Type)
	x.attr("status", bu.Status)
	x.endOpen()
	x.day("period-start", bu.PeriodStart)
	x.day("period-end", bu.PeriodEnd)
	x.open("value")
	x.attr("currency", bu.Value.Currency)
	x.attr("value-date", bu.Value.ValueDate)
	x.endOpen()
	x.b = appendXMLText(x.b, bu.Value.Amount) // character data: no indent
	x.end("value")
	x.end("budget")
}

func (x *xmlWriter) day(name string, d iatiDay) {
	x.open(name)
	x.attr("iso-date", d.ISODate)
	x.endOpen()
	x.end(name)
}

func (x *xmlWriter) document(d iatiDoc) {
	x.open("document-link")
	x.attr("url", d.URL)
	x.attr("format", d.Format)
	x.endOpen()
	x.text("title", d.Title)
	x.code("category", d.Category)
	if d.Language != nil { // a nil pointer is left out
		x.code("language", *d.Language)
	}
	x.end("document-link")
}

// element appends an element holding only text.
func (x *xmlWriter) element(name, text string) {
	x.open(name)
	x.endOpen()
	x.b = appendXMLText(x.b, text)
	x.end(name)
}

// optElement appends an element holding only text unless the text is
// empty, as omitempty does.
func (x *xmlWriter) optElement(name, text string) {
	if text != "" {
		x.element(name, text)
	}
}

// open starts a start tag on a line of its own; attr adds to it, and
// endOpen ends it.
func (x *xmlWriter) open(name string) {
	x.indent(1)
	x.b = append(x.b, '<')
	x.b = append(x.b, name...)
}

// attr adds an attribute to the start tag open began.
func (x *xmlWriter) attr(name, value string) {
	x.b = append(x.b, ' ')
	x.b = append(x.b, name...)
	x.b = append(x.b, `="`...)
	x.b = appendXMLText(x.b, value)
	x.b = append(x.b, '"')
}

// optAttr adds an attribute unless its value is empty, as omitempty does.
func (x *xmlWriter) optAttr(name, value string) {
	if value != "" {
		x.attr(name, value)
	}
}

// endOpen ends the start tag open began.
func (x *xmlWriter) endOpen() { x.b = append(x.b, '>') }

// end appends name's end tag: on its start tag's line when only text came
// between them, else on a line of its own (indent).
func (x *xmlWriter) end(name string) {
	x.indent(-1)
	x.b = append(x.b, "</"...)
	x.b = append(x.b, name...)
	x.b = append(x.b, '>')
}

// indent is encoding/xml's writeIndent for the prefix "  " and the indent
// "  ": a start tag (delta 1) and an end tag (delta -1) go on a new line,
// except an end tag right after its start tag.
func (x *xmlWriter) indent(delta int) {
	if delta < 0 {
		x.depth--
		if x.indentedIn {
			x.indentedIn = false
			return
		}
	}
	if x.started {
		x.b = append(x.b, '\n')
	}
	x.started = true
	x.b = append(x.b, "  "...) // the prefix
	for range x.depth {
		x.b = append(x.b, "  "...)
	}
	if delta > 0 {
		x.depth++
		x.indentedIn = true
	}
}

// appendXMLText appends s escaped as encoding/xml escapes text and
// attribute values (EscapeText, and the printer's EscapeString): the five
// markup characters as &#34; &#39; &amp; &lt; &gt;, tab, newline and
// carriage return as character references, and each rune XML does not
// allow, invalid UTF-8 included, as U+FFFD.
func appendXMLText(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) { // skip what is copied as it is, as appendString does
			m := xmlSpecial(word(s[i:]))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		}
		var esc string
		c := s[i]
		size := 1
		switch {
		case c == '"':
			esc = "&#34;"
		case c == '\'':
			esc = "&#39;"
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\t':
			esc = "&#x9;"
		case c == '\n':
			esc = "&#xA;"
		case c == '\r':
			esc = "&#xD;"
		case c < 0x20:
			esc = "\uFFFD"
		case c < utf8.RuneSelf:
			i++
			continue
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if !xmlChar(r, size) {
				esc = "\uFFFD"
				break
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		i += size
		start = i
	}
	return append(b, s[start:]...)
}

// xmlChar reports whether the rune r, decoded from size bytes, may stand in
// XML text as it is: encoding/xml's isInCharacterRange, and not the
// replacement rune that stands for a byte of invalid UTF-8.
func xmlChar(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
