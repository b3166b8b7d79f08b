package content

import (
	"html/template"

	"portfolio/internal/diag"
)

// Project is one project file, parsed and checked against the schema.
// Values are as the editor wrote them; resolving countries and deriving the
// status belong to the site, which knows the atlas and the build date.
type Project struct {
	Path        string   // slash path of the file, e.g. "content/projects/igf-2011.md"
	Slug        string   // from `slug`, else the file name
	SlugPos     diag.Pos // where slug is set, else the front matter's first line
	Title       string
	TitlePos    diag.Pos // where title is written
	Code        string
	Start       Date
	End         Date   // zero when open-ended
	Status      Status // "" unless the file overrides it
	Funding     []Value
	Budget      Money
	HasBudget   bool
	Division    string // "" when the file leaves it to the site's default
	Partners    []string
	PartnersPos []diag.Pos // where each of Partners is written, for warnings about it
	Link        string
	LinkPos     diag.Pos // where link is written
	SDGs        []int
	Draft       bool
	Countries   []Value // countries, regions or groups, as written

	Body     template.HTML // the Markdown body rendered; raw HTML is never passed through
	Summary  string        // the body's first paragraph as plain text, shortened; or its first list's items, for a body of lists
	Sections []Section     // the body's level-2 headings, for a table of contents
	Text     string        // the body as plain text, for the data downloads
	Words    string        // the body's distinct words, lower-cased, for search
	Links    []Link        // every link the body makes, for checking
	Sum      uint64        // FNV-1a hash of the file's bytes: the same file, the same project
	Front    uint64        // the same of the file up to its body: the same front matter, the same fields above Body
}

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

// Dollars returns m in whole and fractional dollars, for data exports.
func (m Money) Dollars() float64 { return float64(m) / 100 }
