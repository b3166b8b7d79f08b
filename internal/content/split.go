package content

import (
	"bytes"

	"github.com/adrg/frontmatter"
)

// frontMatter decodes data's front matter into d and returns the body after
// it, exactly as frontmatter.Parse does with formats(). The usual file — a
// YAML front matter between two lines "---" — it cuts itself: the
// frontmatter package copies every file through a bufio.Reader and a
// bytes.Buffer a line at a time, which at 10,000 files cost more than
// decoding the front matters.
func frontMatter(data []byte, d *decoded) ([]byte, error) {
	if front, body, ok := splitYAML(data); ok {
		return body, unmarshalYAML(front, d)
	}
	return frontmatter.Parse(bytes.NewReader(data), d, formats()...)
}

// yamlDelim opens and closes a YAML front matter.
const yamlDelim = "---"

// splitYAML cuts data that opens with the line "---" into the front matter
// up to the next line "---" and the body after that line. It reports false,
// leaving the file to frontmatter.Parse, for any other opening (blank lines,
// "---yaml", "--- ", "---\r", TOML, JSON) and when a line that is not
// exactly "---" but trims to it, or no line at all, would close the front
// matter.
//
// The cut is frontmatter.Parse's (adrg/frontmatter v0.2.0): it reads lines
// ending in "\n" (the last may lack one), compares each with
// bytes.TrimSpace, and takes the first non-blank line as the opener, but
// only if a "\n" ends it. The closing line is the first later line that
// trims to "---", and may be the last line without a "\n". The front
// matter is the lines between, each with its "\n"; the body starts after
// the closing line's "\n".
func splitYAML(data []byte) (front, body []byte, ok bool) {
	opener := yamlDelim + "\n"
	if !bytes.HasPrefix(data, []byte(opener)) {
		return nil, nil, false
	}
	start := len(opener)
	for at := start; at < len(data); {
		line, next := data[at:], len(data)
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], at+i+1
		}
		if string(bytes.TrimSpace(line)) == yamlDelim {
			if string(line) != yamlDelim {
				return nil, nil, false // "--- " or "  ---": leave it to the frontmatter package
			}
			// The front matter's capacity ends with it, so that a decoder
			// appending to it copies rather than writes over the file.
			return data[start:at:at], data[next:], true
		}
		at = next
	}
	return nil, nil, false
}
