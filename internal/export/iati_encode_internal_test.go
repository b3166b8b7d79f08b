package export

import (
	"bytes"
	"encoding/xml"
	"testing"

	"portfolio/internal/site"
)

// ActivitiesXML returns the activity elements of s's projects in slug
// order twice: as encoding/xml encodes activity(s, p, orgRef, orgName),
// the oracle, and as xmlWriter writes them. It lets the tests in package
// export_test compare the two on sites they build.
func ActivitiesXML(t testing.TB, s *site.Site, orgRef, orgName string) (want, got [][]byte) {
	t.Helper()
	for _, p := range bySlug(s) {
		a := activity(s, p, orgRef, orgName)
		want = append(want, encodeActivityStd(t, a))
		got = append(got, writeActivity(a))
	}
	return want, got
}

// encodeActivityStd returns a's element as iatiFile's encoding/xml Encoder
// wrote it.
func encodeActivityStd(t testing.TB, a iatiActivity) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ")
	if err := enc.EncodeElement(a, xml.StartElement{Name: xml.Name{Local: "iati-activity"}}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeActivity(a iatiActivity) []byte {
	var x xmlWriter
	x.activity(&a)
	return x.b
}

// filled returns an activity with every field and list set to v, lists of
// two, so that empty values (v == "") meet omitempty everywhere.
func filled(v string) iatiActivity {
	org := iatiOrg{Ref: v, Type: v, Role: v, Narrative: v}
	code := iatiCode{Vocabulary: v, Code: v}
	place := iatiPlace{Code: v, Vocabulary: v, VocabularyURI: v, Percentage: v, Narrative: v}
	date := iatiDate{Type: v, ISODate: v, Narrative: v}
	budget := iatiBudget{Type: v, Status: v, PeriodStart: iatiDay{v}, PeriodEnd: iatiDay{v},
		Value: iatiValue{Currency: v, ValueDate: v, Amount: v}}
	doc := iatiDoc{URL: v, Format: v, Title: iatiText{Type: v, Narrative: v}, Category: code, Language: &code}
	return iatiActivity{
		LastUpdated: v, Lang: v, Currency: v, Identifier: v, ReportingOrg: org,
		Title: iatiText{Type: v, Narrative: v}, Description: iatiText{Type: v, Narrative: v},
		Participants: []iatiOrg{org, org}, Status: code, Dates: []iatiDate{date, date},
		Countries: []iatiPlace{place, place}, Regions: []iatiPlace{place, place},
		Sectors: []iatiCode{code, code}, Tags: []iatiCode{code, code}, Budgets: []iatiBudget{budget, budget},
		Documents: []iatiDoc{doc, {URL: v, Title: iatiText{Narrative: v}}},
	}
}

// TestActivityXMLEdges: xmlWriter writes as encoding/xml does the
// activities activity never makes: the zero one, and ones with every field
// and list set, to empty values and to awkward ones.
func TestActivityXMLEdges(t *testing.T) {
	for name, a := range map[string]iatiActivity{
		"zero":    {},
		"empty":   filled(""),
		"plain":   filled("x"),
		"awkward": filled("\"q\" 'a' <b>&amp; \t\r\n \x00\x1f\x7f é \ufffd\ufffe\uffff \xff\xed\xa0\x80 \U0010ffff"),
	} {
		want, got := encodeActivityStd(t, a), writeActivity(a)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: got\n%s\nwant\n%s", name, got, want)
		}
	}
}

// FuzzXMLText: appendXMLText escapes any text as encoding/xml does, in
// attributes, elements and character data alike.
func FuzzXMLText(f *testing.F) {
	for _, seed := range []string{"", "plain text", "\"'&<>\t\n\r\x00", "é\ufffd\ufffe\xff\xed\xa0\x80"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := appendXMLText(nil, s); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendXMLText(%q) = %q, want %q", s, got, want.Bytes())
		}
		a := filled(s)
		if got, want := writeActivity(a), encodeActivityStd(t, a); !bytes.Equal(got, want) {
			t.Errorf("activity of %q:\n%s\nwant\n%s", s, got, want)
		}
	})
}
