// Package content reads project files: one Markdown file per project under
// content/projects/, with a front matter in YAML between two "---" lines,
// and a GitHub-flavoured Markdown body. A front matter in TOML or JSON, as
// other site generators read, is one error saying to write it in YAML.
//
// The front matter's keys (docs/content.md documents each with an example):
//
//	title      text, required
//	code       text: the project code, such as "1617B"
//	slug       lower-case letters, digits and hyphens; default: the file name
//	start      YYYY-MM or YYYY-MM-DD, required
//	end        YYYY-MM or YYYY-MM-DD, not before start; absent: open-ended
//	status     upcoming, current or past: overrides the derived status
//	funding    list of donors or funding mechanisms, at least one
//	budget     number of US dollars; absent: "not stated" (and a warning)
//	division   text; absent: the site's default division
//	partners   list of partner organisations
//	link       an http or https URL
//	sdgs       list of Sustainable Development Goal numbers, 1 to 17
//	draft      true or false; drafts are built only when asked for
//	countries  list of countries, M49 regions or groups, at least one
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
