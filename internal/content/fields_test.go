package content

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestReferenceCoversTheFields holds docs/content.md to Fields: its field
// reference has one row per field, in the same order, saying whether it is
// required and its type, and its full example sets every field.
func TestReferenceCoversTheFields(t *testing.T) {
	data, err := os.ReadFile("../../docs/content.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	_, ref, ok := strings.Cut(doc, "\n## Field reference\n")
	if !ok {
		t.Fatal("docs/content.md has no section \"## Field reference\"")
	}
	ref, _, _ = strings.Cut(ref, "\n#")
	var rows [][]string
	for line := range strings.Lines(ref) {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[0]), "`") {
			continue // not a row, or the header or its rule
		}
		for i, c := range cells {
			cells[i] = strings.ReplaceAll(strings.TrimSpace(c), "`", "")
		}
		rows = append(rows, cells)
	}
	var keys []string
	for _, r := range rows {
		keys = append(keys, r[0])
	}
	if !slices.Equal(keys, fieldKeys()) {
		t.Fatalf("docs/content.md's field reference lists %v; Fields declares %v, in that order", keys, fieldKeys())
	}
	for i, f := range Fields {
		want := map[bool]string{true: "required", false: "optional"}[f.Required]
		if rows[i][1] != want || rows[i][2] != f.Type {
			t.Errorf("docs/content.md: %s is %q, %q; Fields says %q, %q", f.Key, rows[i][1], rows[i][2], want, f.Type)
		}
	}
	_, example, _ := strings.Cut(doc, "A full example with every field.")
	example, _, _ = strings.Cut(example, "\n---\n\n")
	for _, f := range Fields {
		if !strings.Contains(example, "\n"+f.Key+":") {
			t.Errorf("docs/content.md's full example does not set %s", f.Key)
		}
	}
}

// TestFieldExamplesAreValid parses a front matter that sets every field to
// its example, as `portfolio new` would write them, and wants no problem.
func TestFieldExamplesAreValid(t *testing.T) {
	var lines []string
	for _, f := range Fields {
		lines = append(lines, f.YAML(""))
	}
	src := "---\n" + strings.Join(lines, "\n") + "\n---\nBody.\n"
	p, l := NewParser(false).Parse(P, []byte(src))
	checkDiags(t, "every field's example", l, nil)
	if p == nil {
		t.Fatal("no project")
	}
	for _, f := range Fields {
		if f.Value != nil && f.Value(p) == nil {
			t.Errorf("%s: its example %q gives no value for its column %s", f.Key, f.Example, f.Column)
		}
	}
}

// TestFieldsAreWellFormed checks what the rest of the code takes for
// granted of each row: a key and a column that JSON and CSV write
// without quoting, help text, a check, and a value only with a column.
func TestFieldsAreWellFormed(t *testing.T) {
	name := func(s string) bool {
		return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == ""
	}
	seen := map[string]bool{}
	for _, f := range Fields {
		if !name(f.Key) || seen[f.Key] {
			t.Errorf("key %q: not a plain lower-case name, or declared twice", f.Key)
		}
		seen[f.Key] = true
		if f.Column != "" && !name(f.Column) {
			t.Errorf("%s: column %q is not a plain lower-case name", f.Key, f.Column)
		}
		if f.Value != nil && f.Column == "" {
			t.Errorf("%s: a value but no column to give it in", f.Key)
		}
		if f.Help == "" || f.Type == "" || f.Example == "" || f.read == nil {
			t.Errorf("%s: help, type, example and check are all needed", f.Key)
		}
	}
}
