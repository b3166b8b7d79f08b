package export

// Projects' objects in data/projects.json written by hand, for Stream and
// Memo: byte for byte what encoding/json writes for project(s, p), which
// stays the schema and the tests' oracle, without its reflection, and with
// each place's object made once a build rather than once per project that
// names or reaches it (about eight per project).

import (
	"math/bits"
	"strconv"
	"time"
	"unicode/utf8"

	"portfolio/internal/content"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

// jsonEncoder writes the objects of one site's projects. It keeps the
// objects of the places it has written, so it belongs to one build and one
// goroutine.
type jsonEncoder struct {
	s       *site.Site
	places  map[*site.Place][]byte // each place's object, as place(s, pl) encodes
	scratch []byte                 // a link or date, before it is escaped
}

func newJSONEncoder(s *site.Site) *jsonEncoder {
	return &jsonEncoder{s: s, places: map[*site.Place][]byte{}}
}

// appendProject appends p's object as encoding/json encodes project(s, p), with
// HTML escaping off and no trailing newline. Its fields come in Project's
// order.
func (e *jsonEncoder) appendProject(b []byte, p *site.Project) []byte {
	b = append(b, `{"slug":`...)
	b = appendString(b, p.Slug)
	b = append(b, `,"url":`...)
	b = e.appendLink(b, p.URL)
	b = append(b, `,"title":`...)
	b = appendString(b, p.Title)
	b = append(b, `,"code":`...)
	b = appendOptional(b, p.Code)
	b = append(b, `,"status":`...)
	b = appendString(b, string(p.Status))
	b = append(b, `,"status_derived":`...)
	b = strconv.AppendBool(b, p.Derived)
	b = e.appendDates(b, p)
	b = append(b, `,"funding":[`...)
	for i, f := range p.Funders {
		b = appendComma(b, i)
		b = appendString(b, f.Name)
	}
	b = append(b, `],"budget_usd":`...)
	b = appendBudget(b, p)
	b = append(b, `,"division":`...)
	b = appendString(b, p.Division)
	b = append(b, `,"partners":`...)
	b = appendStrings(b, p.Partners)
	b = append(b, `,"link":`...)
	b = appendOptional(b, p.Link)
	b = append(b, `,"sdgs":[`...)
	for i, n := range p.SDGs {
		b = appendComma(b, i)
		b = strconv.AppendInt(b, int64(n), 10)
	}
	b = append(b, `],"countries":`...)
	b = e.appendPlaces(b, p.Places)
	b = append(b, `,"reached":`...)
	b = e.appendPlaces(b, p.Within)
	b = append(b, `,"summary":`...)
	b = appendString(b, p.Summary)
	b = append(b, `,"body_text":`...)
	b = appendString(b, p.Text)
	return append(b, '}')
}

// appendDates appends the fields start, end, start_date and end_date;
// the end's are null when the project is open-ended.
func (e *jsonEncoder) appendDates(b []byte, p *site.Project) []byte {
	open := p.End.IsZero()
	b = append(b, `,"start":`...)
	b = appendWritten(b, p.Start)
	b = append(b, `,"end":`...)
	if open {
		b = append(b, "null"...)
	} else {
		b = appendWritten(b, p.End)
	}
	b = append(b, `,"start_date":`...)
	b = e.appendDate(b, p.Start.First())
	b = append(b, `,"end_date":`...)
	if open {
		return append(b, "null"...)
	}
	return e.appendDate(b, p.End.Last())
}

// appendWritten appends d as written, d.String(), as a string: digits and
// hyphens, which need no escaping.
func appendWritten(b []byte, d content.Date) []byte {
	b = append(b, '"')
	b = d.Append(b)
	return append(b, '"')
}

// appendDate appends t as a YYYY-MM-DD string.
func (e *jsonEncoder) appendDate(b []byte, t time.Time) []byte {
	e.scratch = t.AppendFormat(e.scratch[:0], time.DateOnly)
	return appendString(b, e.scratch)
}

// appendLink appends link(s, path) as a string.
func (e *jsonEncoder) appendLink(b []byte, path string) []byte {
	return appendString(b, link(e.s, path))
}

// appendPlaces appends a list of places' objects, each made once per
// encoder. A nil list is [] as well: project makes every list non-nil.
func (e *jsonEncoder) appendPlaces(b []byte, list []*site.Place) []byte {
	b = append(b, '[')
	for i, pl := range list {
		b = appendComma(b, i)
		obj, ok := e.places[pl]
		if !ok {
			obj = e.appendPlace(nil, pl)
			e.places[pl] = obj
		}
		b = append(b, obj...)
	}
	return append(b, ']')
}

// appendPlace appends pl's object as encoding/json encodes place(s, pl).
func (e *jsonEncoder) appendPlace(b []byte, pl *site.Place) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, pl.Name)
	b = append(b, `,"kind":`...)
	b = appendString(b, pl.Kind.String())
	b = append(b, `,"m49":`...)
	b = appendOptional(b, pl.M49)
	iso2, iso3 := "", "" // only countries have ISO codes in the JSON
	if pl.Kind == places.Country {
		iso2, iso3 = pl.ISO2, pl.ISO3
	}
	b = append(b, `,"iso2":`...)
	b = appendOptional(b, iso2)
	b = append(b, `,"iso3":`...)
	b = appendOptional(b, iso3)
	b = append(b, `,"url":`...)
	b = e.appendLink(b, pl.URL)
	return append(b, '}')
}

// appendBudget appends the budget as Amount's MarshalJSON writes it, or
// null when the project states none.
func appendBudget(b []byte, p *site.Project) []byte {
	if !p.HasBudget {
		return append(b, "null"...)
	}
	return appendHundredths(b, int64(p.Budget))
}

// appendStrings appends a list of strings; nil is [], as project makes it.
func appendStrings(b []byte, list []string) []byte {
	b = append(b, '[')
	for i, v := range list {
		b = appendComma(b, i)
		b = appendString(b, v)
	}
	return append(b, ']')
}

// appendComma appends the comma before a list's i'th item.
func appendComma(b []byte, i int) []byte {
	if i > 0 {
		return append(b, ',')
	}
	return b
}

// appendOptional appends v as a string, or null for "" (see optional).
func appendOptional(b []byte, v string) []byte {
	if v == "" {
		return append(b, "null"...)
	}
	return appendString(b, v)
}

// appendString appends src as a JSON string, escaped as encoding/json
// escapes it with HTML escaping off (Go 1.26's appendString): `"` and `\`
// with a backslash; \b, \f, \n, \r and \t by name; other bytes below 0x20
// as \u00xx in lower-case hex; each byte that is not part of valid UTF-8 as
// \ufffd; and U+2028 and U+2029, which JavaScript reads as line ends, as
// \u2028 and \u2029. Everything else, "<", ">" and "&" included, is copied.
func appendString[T string | []byte](b []byte, src T) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(src); {
		// Text is mostly runs of bytes copied as they are: skip them
		// eight at a time, to the first byte that needs a look.
		if i+8 <= len(src) {
			m := jsonSpecial(word(src[i:]))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		}
		c := src[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, src[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		// As encoding/json does: a few bytes made a string stay on the
		// stack, and a string is not copied at all.
		r, size := utf8.DecodeRuneInString(string(src[i:min(len(src), i+utf8.UTFMax)]))
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, src[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, src[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, src[start:]...)
	return append(b, '"')
}
