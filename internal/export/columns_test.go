package export_test

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"portfolio/internal/content"
	"portfolio/internal/export"
)

// TestColumnsFollowTheFields: each front-matter field with a column
// (content.Fields) is a column of the CSV and a key of the JSON, and
// docs/data.md documents every key and column, in the order written.
func TestColumnsFollowTheFields(t *testing.T) {
	data, err := export.JSON(realSite(t))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Projects []json.RawMessage `json:"projects"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Projects) == 0 {
		t.Fatalf("no project in the JSON (%v)", err)
	}
	var keys []string // of the first project's object, in order
	dec := json.NewDecoder(bytes.NewReader(doc.Projects[0]))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		k, err := dec.Token()
		var value json.RawMessage
		if err == nil {
			err = dec.Decode(&value)
		}
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
	}
	for _, f := range content.Fields {
		if f.Column != "" && (!slices.Contains(keys, f.Column) || !slices.Contains(export.CSVHeader(), f.Column)) {
			t.Errorf("%s: its column %s is not in both the JSON %v and the CSV %v", f.Key, f.Column, keys, export.CSVHeader())
		}
	}

	md, err := os.ReadFile("../../docs/data.md")
	if err != nil {
		t.Fatal(err)
	}
	// documented returns the first cells of the table after heading in
	// docs/data.md.
	documented := func(heading string) []string {
		_, text, ok := strings.Cut(string(md), "\n"+heading+"\n")
		if !ok {
			t.Fatalf("docs/data.md has no heading %q", heading)
		}
		var names []string
		table := false
		for line := range strings.Lines(text) {
			first, _, _ := strings.Cut(strings.TrimPrefix(line, "|"), "|")
			first = strings.TrimSpace(first)
			switch {
			case strings.HasPrefix(first, "`") && strings.HasSuffix(first, "`"):
				names, table = append(names, strings.Trim(first, "`")), true
			case table && !strings.HasPrefix(line, "|"):
				return names
			}
		}
		return names
	}
	if got := documented("### A project"); !slices.Equal(got, keys) {
		t.Errorf("docs/data.md's table of a project's JSON fields lists\n%v\nthe JSON has\n%v", got, keys)
	}
	if got := documented("## projects.csv"); !slices.Equal(got, export.CSVHeader()) {
		t.Errorf("docs/data.md's table of CSV columns lists\n%v\nthe CSV has\n%v", got, export.CSVHeader())
	}
}
