package main

import (
	"strings"
	"testing"
	"time"

	"portfolio/internal/content"
)

// TestSkeletonHasEveryField: `portfolio new` writes every field of
// content.Fields after its help, set if it is required and commented
// otherwise, in the table's order.
func TestSkeletonHasEveryField(t *testing.T) {
	s := skeleton("A title", "a-title", time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC))
	at := 0
	for _, f := range content.Fields {
		line := f.Key + ":"
		if !f.Required && f.Key != "draft" {
			line = "# " + line
		}
		i := strings.Index(s[at:], "\n# ")
		j := strings.Index(s[at:], "\n"+line)
		if j < 0 || i < 0 || i > j || !strings.Contains(s[at+i:at+j], f.Help) {
			t.Errorf("the skeleton does not have %q after its help %q, after the fields before it:\n%s", line, f.Help, s)
			continue
		}
		at += j + 1
	}
}
