package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"portfolio/internal/content"
	"portfolio/internal/export"
	"portfolio/internal/site"
)

// FuzzDownloads: any text in a project's title, code, summary and body
// gives three downloads that read back with the standard library's
// decoders and give the text back, as far as each format can carry it:
// JSON any valid UTF-8 (encoding/json writes U+FFFD for each invalid byte);
// CSV any bytes, but a "\r\n" inside a quoted cell reads back as "\n",
// and a ' comes before a text that a spreadsheet could take for a formula; XML
// the characters XML allows (encoding/xml writes U+FFFD for the others).
func FuzzDownloads(f *testing.F) {
	for _, seed := range []string{"", "plain text", "\"'&<>\t\n\r\x00", "é\ufffd\ufffe\xff\xed\xa0\x80", "a\r\nb\u2028c\u2029", " ; ,\"\n\\.", "=1+1", "'quoted'"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := &site.Site{
			Settings: site.Settings{Title: "Fuzz", Organization: "UN DESA", Division: "DPADM", BaseURL: "https://example.org/"},
			AsOf:     asOf,
			Projects: []*site.Project{{
				Project: &content.Project{Slug: "x", Title: text, Code: text, Summary: text, Text: text, Start: date("2020-01")},
				Status:  content.Current, Division: "DPADM", URL: "/projects/x/",
			}},
		}
		files, err := export.Files(s, orgRef, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if err := readBack(file); err != nil {
				t.Fatalf("%s does not read back: %v\n%s", file.Path, err, file.Data)
			}
		}

		var doc jsonDocument
		if err := json.Unmarshal(files[0].Data, &doc); err != nil {
			t.Fatal(err)
		}
		if p := doc.Projects[0]; utf8.ValidString(text) {
			got := []string{p.Title, p.Summary, p.BodyText, str(p.Code)}
			for _, g := range got {
				if g != text {
					t.Errorf("JSON: title, summary, body_text, code = %q; want %q", got, text)
					break
				}
			}
			if (p.Code == nil) != (text == "") {
				t.Errorf("JSON: code = %v for %q; want null only when empty", p.Code, text)
			}
		}

		rows, err := csv.NewReader(bytes.NewReader(files[1].Data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		cell := map[string]string{}
		for i, h := range rows[0] {
			cell[h] = rows[1][i]
		}
		want := strings.ReplaceAll(text, "\r\n", "\n")
		if text != "" && strings.ContainsRune("=+-@\t\r'", rune(text[0])) {
			want = "'" + want // made inert for spreadsheets
		}
		if cell["title"] != want || cell["code"] != want || cell["summary"] != want {
			t.Errorf("CSV: title, code, summary = %q, %q, %q; want %q", cell["title"], cell["code"], cell["summary"], want)
		}

		var root node
		if err := xml.Unmarshal(files[2].Data, &root); err != nil {
			t.Fatal(err)
		}
		if a := root.one("iati-activity"); xmlText(text) {
			if title, desc := a.one("title").narrative(), a.one("description").narrative(); title != text || desc != text {
				t.Errorf("IATI: title, description = %q, %q; want %q", title, desc, text)
			}
		}
	})
}

// xmlText reports whether XML can carry s as it is: valid UTF-8 of the
// characters XML 1.0 allows.
func xmlText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000)
	})
}
