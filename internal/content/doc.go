// Package content reads project files: one Markdown file per project under
// content/projects/, with a front matter in YAML between two "---" lines,
// and a GitHub-flavoured Markdown body. A front matter in TOML or JSON, as
// other site generators read, is one error saying to write it in YAML.
//
// The front matter's keys are declared once, in Fields (fields.go): each
// with its type, whether it is required, its help and example (which
// `portfolio new` writes), the check that reads it, and its column in the
// downloads. docs/content.md's reference is tested against it.
//
// A list key given a single value takes it as a list of one; an entry of a
// text list may not hold "; ", which joins entries in the open-data CSV.
// Any other key is an error, with a suggestion when it looks like a
// misspelt one.
//
// Whether a project is current is not content's business: a project's status
// depends on the build date, which the site package applies (a project is
// upcoming before its start, past after the last day of its end, current in
// between, unless status overrides it). Countries are kept as written, with
// their positions, for the site to resolve.
//
// Every problem is reported as a diag.Diagnostic naming the file, line and
// column in the original file, front matter included; a file with problems
// still yields as much of its project as could be read, so that one run
// reports everything. Raw HTML in bodies is dropped unless NewParser is told
// otherwise by the site settings, and each piece dropped is a warning at
// its place (dropped.go); so is what else a page would show otherwise than
// its editor meant: a value cut short by a YAML comment, a budget of 0,
// the examples and placeholder texts of portfolio new left in.
//
// A project's last change (Project.Modified) is its file's modification
// time as fs.Stat gives it: the caller decides what that is, a file
// system's clock or, wrapped (package history), the file's last commit.
//
// A Cache (Parser.WithCache) keeps parsed files between builds, keyed by a
// hash of their bytes (Project.Sum), so a rebuild parses only what changed;
// a file whose size and settled modification time are unchanged is not
// even read again, nor the folders listed again while theirs are unchanged
// (cache.go).
//
// The frontmatter package cuts the front matter from the body, which keeps
// its line numbers; yaml.v3 reads the front matter into nodes, which the
// validator reads directly, positions included (yaml.go).
package content
