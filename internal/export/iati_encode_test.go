package export_test

import (
	"bytes"
	"testing"

	"portfolio/internal/export"
)

// TestActivityXML: Stream and Memo write each activity element in
// data/iati-activities.xml themselves; it must be byte for byte what
// encoding/xml gives for the activity IATI maps the project to.
func TestActivityXML(t *testing.T) {
	for name, s := range encoderSites(t) {
		want, got := export.ActivitiesXML(t, s, orgRef, "Org <&> \"name\"")
		if len(want) != len(s.Projects) {
			t.Fatalf("%s: %d activities for %d projects", name, len(want), len(s.Projects))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%s: activity %d differs from encoding/xml's: %s", name, i, firstDiff(got[i], want[i]))
			}
		}
	}
}
