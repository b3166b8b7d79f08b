package content

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"portfolio/internal/diag"
)

// Project is one project file, parsed and checked against the schema.
// Values are as the editor wrote them; resolving countries and deriving the
// status belong to the site, which knows the atlas and the build date.
// Each front-matter value is set by its field's row in Fields.
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
	SDGTargets  []Value // Sustainable Development Goal targets, such as "16.6", each of a goal in SDGs
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
	Modified time.Time     // when the file last changed: its ModTime through fs.Stat (a commit date when the caller's fs.FS gives those)
}

// A Field is one front-matter key, declared once for parsing (read,
// check), `portfolio new` (help, example), docs/content.md's reference
// (tested against it) and the downloads (Column, Value; package export).
type Field struct {
	Key      string
	Type     string // as docs/content.md's reference names it
	Required bool
	Help     string // what it holds, for editors and data readers alike: a sentence
	Rule     string // how to write it, for editors; "" when Type says all
	Example  string // a valid value as written after "key: "; "- x" lines make a list
	Free     bool   // free text readers see, checked for invisible characters and for values a " #" cut short

	Column string               // the CSV's header and the JSON's key; "" for none
	Value  func(p *Project) any // the column's value, nil when not stated; nil for one the site resolves (export)

	read  func(v validator, p *Project, f field) // checks f's value and sets it in p
	check func(v validator, p *Project, f field) // if not nil, checks p once every field is read, for a field set
}

// Fields lists the front-matter keys in the order the docs, the skeleton
// and the downloads give them.
var Fields = []Field{
	{Key: "title", Type: "string", Required: true, Free: true, Column: "title", Example: `"E-government for the Sustainable Development Goals"`,
		Help:  "The project's name as readers see it.",
		Value: func(p *Project) any { return p.Title },
		read:  func(v validator, p *Project, f field) { p.Title, p.TitlePos = v.text(f, true), at(f.val) }},
	{Key: "code", Type: "string", Free: true, Column: "code", Example: `"1617B"`,
		Help: "The division's own project code, if any.", Rule: "Quote it: codes can look like numbers.",
		Value: func(p *Project) any { return optional(p.Code) },
		read:  func(v validator, p *Project, f field) { p.Code = v.text(f, false) }},
	{Key: "slug", Type: "string", Example: "digital-government-sids", read: validator.slug,
		Help: "The last part of the page's address, /projects/<slug>/; default: the file name.", Rule: "Lower-case letters, digits and hyphens."},
	{Key: "start", Type: "date", Required: true, Column: "start", Example: "2017-01",
		Help: "When the project started.", Rule: "YYYY-MM or YYYY-MM-DD.",
		Value: func(p *Project) any { return p.Start.String() },
		read:  func(v validator, p *Project, f field) { p.Start = v.date(f) }},
	{Key: "end", Type: "date", Column: "end", Example: "2019-12",
		Help: "When the project ended or ends; left out for open-ended work.", Rule: "YYYY-MM or YYYY-MM-DD, not before start; a month means its last day.",
		Value: func(p *Project) any { return optional(p.End.String()) },
		read:  func(v validator, p *Project, f field) { p.End = v.date(f) },
		check: func(v validator, p *Project, f field) {
			if !p.End.IsZero() && !p.Start.IsZero() && p.End.Last().Before(p.Start.First()) {
				v.errorf(f.pos, "end %s is before start %s; set end to the month the project ended (or ends), or correct start", p.End, p.Start)
			}
		}},
	{Key: "status", Type: "upcoming, current or past", Example: "current", read: validator.status,
		Help: "Where the project stands, normally worked out from the dates as of the build date.", Rule: "Set it only to override that."},
	{Key: "funding", Type: "list of strings", Required: true, Free: true, Column: "funding", Example: "- Development Account (DA)",
		Help: "Who funds the project: donors or funding mechanisms.", Rule: "At least one, one per entry.",
		read: func(v validator, p *Project, f field) { p.Funding = v.names(f, true) }},
	{Key: "budget", Type: "number", Column: "budget_usd", Example: "500000", read: validator.budget,
		Help: "The budget in US dollars.", Rule: `A plain number (no "US$", no commas); left out, the page says "not stated".`,
		Value: func(p *Project) any {
			if !p.HasBudget {
				return nil
			}
			return p.Budget
		}},
	{Key: "division", Type: "string", Free: true, Column: "division", Example: "DPADM",
		Help: "The division responsible.", Rule: "Default: the site's division (site.yaml).",
		read: func(v validator, p *Project, f field) { p.Division = v.text(f, false) }},
	{Key: "partners", Type: "list of strings", Free: true, Column: "partners", Example: "- United Nations Development Programme (UNDP)",
		Help: "Cooperation partners.", Rule: "One organisation per entry.",
		Value: func(p *Project) any { return p.Partners },
		read: func(v validator, p *Project, f field) {
			for _, item := range v.names(f, false) {
				p.Partners, p.PartnersPos = append(p.Partners, item.Text), append(p.PartnersPos, item.Pos)
			}
		}},
	{Key: "link", Type: "URL", Column: "link", Example: "https://example.org/", read: validator.link,
		Help: "A page about the project elsewhere.", Rule: "An http or https address.",
		Value: func(p *Project) any { return optional(p.Link) }},
	{Key: "sdgs", Type: "list of numbers", Column: "sdgs", Example: "[16, 17]", read: validator.goals,
		Help: "The Sustainable Development Goals the project supports, by number.", Rule: "Goal numbers, 1 to 17.",
		Value: func(p *Project) any { return p.SDGs }},
	{Key: "sdg_targets", Type: "list of strings", Column: "sdg_targets", Example: `["16.6", "16.7"]`, check: validator.targets,
		Help: "The Sustainable Development Goal targets the project supports.", Rule: `Targets such as "16.6" or "17.a", each of a goal listed in sdgs.`,
		Value: func(p *Project) any {
			targets := []string{}
			for _, t := range p.SDGTargets {
				targets = append(targets, t.Text)
			}
			return targets
		},
		read: func(v validator, p *Project, f field) { p.SDGTargets = v.list(f, false, nil) }},
	{Key: "countries", Type: "list of strings", Required: true, Free: true, Column: "countries", Example: "- Least Developed Countries",
		Help: "The countries, M49 regions and groups the project names, in its order.",
		Rule: `At least one: a country (name, short name or ISO code), an M49 region such as "Africa", or a group such as "Least Developed Countries".`,
		read: func(v validator, p *Project, f field) { p.Countries = v.list(f, true, nil) }},
	{Key: "draft", Type: "boolean", Example: "true", read: validator.draft,
		Help: "Drafts are left out of the site unless it is built with --drafts."},
}

// optional returns nil for "", a value not stated.
func optional(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// fieldOf returns key's row of Fields, or nil.
func fieldOf(key string) *Field {
	i := slices.IndexFunc(Fields, func(f Field) bool { return f.Key == key })
	if i < 0 {
		return nil
	}
	return &Fields[i]
}

// fieldKeys lists the keys of Fields, for messages.
func fieldKeys() []string {
	keys := make([]string, len(Fields))
	for i, f := range Fields {
		keys[i] = f.Key
	}
	return keys
}

func (v validator) slug(p *Project, f field) {
	p.Slug, p.SlugPos = v.text(f, true), at(f.val)
	if p.Slug != "" && !slugPattern.MatchString(p.Slug) {
		try := ""
		if s := Slugify(p.Slug); s != "" {
			try = fmt.Sprintf(" (try %q)", s)
		}
		v.errorf(at(f.val), "slug %q may use only lower-case letters, digits and single hyphens%s", p.Slug, try)
		p.Slug = ""
	}
}

func (v validator) date(f field) Date {
	s := v.text(f, true)
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		v.errorf(at(f.val), "%s: %v", f.key, err)
	}
	return d
}

func (v validator) status(p *Project, f field) {
	s := Status(strings.ToLower(v.text(f, true)))
	switch s {
	case Upcoming, Current, Past:
		p.Status = s
	case "":
	default:
		v.errorf(at(f.val), "status %q is not one of upcoming, current, past (or leave it out to derive it from the dates)", s)
	}
}

func (v validator) link(p *Project, f field) {
	p.Link, p.LinkPos = v.text(f, false), at(f.val)
	if p.Link != "" {
		if u, err := url.Parse(p.Link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.errorf(at(f.val), "link %q must be a full http:// or https:// address", p.Link)
			p.Link = ""
		}
	}
}

func (v validator) goals(p *Project, f field) {
	for _, item := range v.items(f) {
		g, err := strconv.Atoi(item.Value)
		if item.ShortTag() != "!!int" || err != nil || g < 1 || g > 17 {
			v.errorf(at(item), "sdgs: %q is not a Sustainable Development Goal number from 1 to 17", item.Value)
			continue
		}
		p.SDGs = append(p.SDGs, g)
	}
}

func (v validator) draft(p *Project, f field) {
	if f.val.ShortTag() != "!!bool" || f.val.Decode(&p.Draft) != nil {
		v.errorf(at(f.val), "draft must be true or false, not %s", describe(f.val))
	}
}

// YAML returns f set to value (f.Example when value is ""), as a front
// matter writes it: a value of "- x" lines is a list, on the lines below
// the key.
func (f Field) YAML(value string) string {
	value = cmp.Or(value, f.Example)
	if strings.HasPrefix(value, "- ") {
		return f.Key + ":\n  " + strings.ReplaceAll(value, "\n", "\n  ")
	}
	return f.Key + ": " + value
}

// target is how the 2030 Agenda numbers a goal's targets: the goal, 1 to
// 17, a dot, and a number or, for a means of implementation, a letter.
var target = regexp.MustCompile(`^([1-9]|1[0-7])\.([1-9][0-9]?|[a-z])$`)

// targets checks p's targets once its goals are read: each written as a
// target, of a goal that sdgs lists.
func (v validator) targets(p *Project, f field) {
	var ok []Value
	for _, t := range p.SDGTargets {
		m := target.FindStringSubmatch(t.Text)
		if m == nil {
			v.errorf(t.Pos, "sdg_targets: %q is not a Sustainable Development Goal target, a goal from 1 to 17, a dot and the target's number or letter, such as \"16.6\" or \"17.a\"", t.Text)
			continue
		}
		if g, _ := strconv.Atoi(m[1]); !slices.Contains(p.SDGs, g) {
			v.errorf(t.Pos, "sdg_targets: %s is a target of goal %d, which sdgs does not list; add %d to sdgs", t.Text, g, g)
		}
		ok = append(ok, t)
	}
	p.SDGTargets = ok
}
