package render

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"portfolio/internal/content"
	"portfolio/internal/site"
)

// Charts are drawn at build time as SVG by the layouts (partials/charts.html)
// from the view models here, so html/template escapes every label and the
// browser runs no chart code. Each chart comes with the same data as a table.

// maxBars bounds a timeline; longer lists say how many are not drawn.
const maxBars = 40

// Timeline is a chart of projects' time frames as horizontal bars.
type Timeline struct {
	Width, Height int
	Ticks         []Tick
	Bars          []Bar
	Now           float64 // x of the build date
	NowShown      bool    // the build date falls within the axis
	Omitted       int     // projects not drawn
	Projects      []*site.Project
}

// Tick is a labelled year on a timeline's axis.
type Tick struct {
	X     float64
	Label string
}

// Bar is one project on a timeline: its title, wrapped, then its bar below.
type Bar struct {
	X, Y, W     float64
	TextX, BarY float64
	Lines       []string // the title, wrapped to maxLabel characters a line
	Project     *site.Project
	OpenEnd     bool // no end date: the bar runs to the build date and fades
}

const (
	chartWidth = 720
	axisHeight = 28
	charWidth  = 7.2 // a label character's width, roughly, at the chart's font size
	maxLabel   = 64  // bar chart labels are cut, and timeline titles wrapped, to this many characters
	rowHeight  = 46  // a bar chart row: its label, then its bar
	lineHeight = 20  // a line of a timeline's title
)

// timeline lays out up to maxBars projects of ps (already in display
// order). The axis runs from the first start to the last end, or to the
// build date while a project shown is open-ended.
func timeline(ps []*site.Project, asOf time.Time) *Timeline {
	if len(ps) == 0 {
		return nil
	}
	t := &Timeline{Width: chartWidth, Projects: ps}
	shown := ps[:min(len(ps), maxBars)]
	t.Omitted = len(ps) - len(shown)
	first, last := shown[0].Start.Year, shown[0].Start.Year
	for _, p := range shown {
		first = min(first, p.Start.Year)
		last = max(last, p.Start.Year, p.End.Year)
		if p.End.IsZero() {
			last = max(last, asOf.Year())
		}
	}
	lo := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC)
	span := hi.Sub(lo).Hours()
	x := func(d time.Time) float64 { return round(float64(chartWidth) * d.Sub(lo).Hours() / span) }
	step := 1
	for (last-first+1)/step > 12 {
		step++
	}
	for y := first; y <= last; y += step {
		t.Ticks = append(t.Ticks, Tick{X: x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)), Label: fmt.Sprint(y)})
	}
	t.Now, t.NowShown = x(asOf), !asOf.Before(lo) && asOf.Before(hi)
	y := float64(axisHeight)
	for _, p := range shown {
		end := asOf
		if !p.End.IsZero() {
			end = p.End.Last().AddDate(0, 0, 1)
		}
		b := Bar{X: x(p.Start.First()), Y: y, Lines: wrap(p.Title, maxLabel), Project: p, OpenEnd: p.End.IsZero()}
		b.W = max(round(x(end)-b.X), 3)
		b.BarY = b.Y + float64(lineHeight*len(b.Lines))
		// The title starts over its bar when it fits, else as far right as it can.
		widest := 0
		for _, l := range b.Lines {
			widest = max(widest, utf8.RuneCountInString(l))
		}
		b.TextX = max(0, min(b.X, round(chartWidth-charWidth*float64(widest))))
		t.Bars = append(t.Bars, b)
		y = b.BarY + rowHeight - lineHeight
	}
	t.Height = int(y)
	return t
}

// wrap breaks s into lines of at most width characters at spaces; a word
// longer than width has a line of its own.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}

// BarChart is a horizontal bar chart of amounts.
type BarChart struct {
	Width, Height int
	Rows          []BarRow
}

// topRows bounds a bar chart; the table beside it lists every row.
const topRows = 15

// BarRow is one labelled amount.
type BarRow struct {
	Label  string
	URL    string
	Value  content.Money
	Count  int  // projects behind the amount
	Stated bool // whether any of them states a budget
	Y, W   float64
	BarY   float64 // the bar sits under its label
}

// barChart scales rows to the largest value; rows keep their order.
func barChart(rows []BarRow) *BarChart {
	if len(rows) == 0 {
		return nil
	}
	var top content.Money
	for _, r := range rows {
		top = max(top, r.Value)
	}
	c := &BarChart{Width: chartWidth, Height: len(rows) * rowHeight}
	for i := range rows {
		rows[i].Y = float64(i * rowHeight)
		rows[i].BarY = rows[i].Y + 20
		if top > 0 {
			rows[i].W = max(round(float64(chartWidth)*0.7*float64(rows[i].Value)/float64(top)), 1)
		}
	}
	c.Rows = rows
	return c
}

func round(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// funderRows are the funders by stated budget, largest first.
func funderRows(s *site.Site) []BarRow {
	var rows []BarRow
	for _, f := range s.Funders {
		rows = append(rows, BarRow{Label: f.Name, URL: f.URL, Value: f.Budget, Count: len(f.Projects), Stated: f.Stated > 0})
	}
	return byValue(rows)
}

// countryRows are the countries, regions and groups by the stated budgets
// of the projects naming them, largest first.
func countryRows(s *site.Site) []BarRow {
	var rows []BarRow
	for _, pl := range append(append([]*site.Place(nil), s.Countries...), s.Groups...) {
		if len(pl.Direct) > 0 {
			rows = append(rows, BarRow{Label: pl.Name, URL: pl.URL, Value: pl.Budget, Count: len(pl.Direct), Stated: pl.Stated > 0})
		}
	}
	return byValue(rows)
}

// yearRows are the stated budgets of projects by the year they started.
func yearRows(s *site.Site) []BarRow {
	var rows []BarRow
	for _, y := range s.Years {
		rows = append(rows, BarRow{Label: fmt.Sprint(y.Year), URL: y.URL, Value: y.Budget, Count: len(y.Projects), Stated: y.Stated > 0})
	}
	return rows
}

func byValue(rows []BarRow) []BarRow {
	slices.SortStableFunc(rows, func(a, b BarRow) int { return cmp.Compare(b.Value, a.Value) })
	return rows
}
