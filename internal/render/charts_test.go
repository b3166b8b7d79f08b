package render

import (
	"strings"
	"testing"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/site"
)

// TestTimeline: the axis runs from the first start to the last end (to
// the build date only while a project is open-ended), the build date's
// line is drawn only when it falls on the axis, and titles are wrapped
// whole, never cut.
func TestTimeline(t *testing.T) {
	long := "Strengthening the capacities of public institutions to implement the 2030 Agenda for Sustainable Development in small island developing States"
	project := func(title string, start, end content.Date) *site.Project {
		return &site.Project{Project: &content.Project{Title: title, Start: start, End: end}}
	}
	ended := []*site.Project{
		project(long, content.Date{Year: 2006, Month: 3}, content.Date{Year: 2008, Month: 12}),
		project("Short", content.Date{Year: 2007, Month: 1}, content.Date{Year: 2010, Month: 6}),
	}
	asOf := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tl := timeline(ended, asOf)
	if first, last := tl.Ticks[0].Label, tl.Ticks[len(tl.Ticks)-1].Label; first != "2006" || last != "2010" {
		t.Errorf("axis %s to %s, want 2006 to 2010 (the last end), not the build year", first, last)
	}
	if tl.NowShown {
		t.Error("the build date's line is drawn though 2026 is off the axis")
	}
	b := tl.Bars[0]
	if got := strings.Join(b.Lines, " "); got != long || len(b.Lines) < 2 {
		t.Errorf("title drawn as %q, want it whole over several lines", b.Lines)
	}
	for _, l := range b.Lines {
		if len([]rune(l)) > maxLabel || b.TextX+charWidth*float64(len([]rune(l))) > chartWidth+0.5 {
			t.Errorf("line %q is longer than %d characters or runs past the chart", l, maxLabel)
		}
	}
	if next := tl.Bars[1]; next.Y < b.BarY+16 {
		t.Errorf("the second row starts at %v, over the first's bar at %v", next.Y, b.BarY)
	}

	open := append(ended, project("Open", content.Date{Year: 2020, Month: 1}, content.Date{}))
	tl = timeline(open, asOf)
	if last := tl.Ticks[len(tl.Ticks)-1]; !tl.NowShown || tl.Now > chartWidth || last.X > tl.Now {
		t.Errorf("with an open-ended project the axis must reach the build date: now at %v (shown %v), last tick %+v", tl.Now, tl.NowShown, last)
	}
}
