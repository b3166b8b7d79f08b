package content

import "portfolio/internal/diag"

// Value is a list item with the place it was written, so that errors found
// later (an unknown country) can still point at it.
type Value struct {
	Text string
	Pos  diag.Pos
}

// Section is a heading in a project's body.
type Section struct {
	ID, Title string
}

// Link is a link or an image in a project's body, with its position in
// the file.
type Link struct {
	URL   string
	Pos   diag.Pos
	Image bool // an image's source, shown in the page, not a link followed
}

// Status is where a project stands on the build date.
type Status string

const (
	Upcoming Status = "upcoming"
	Current  Status = "current"
	Past     Status = "past"
)

// Money is an amount in US cents, so that totals add up exactly.
type Money int64
