package content

import (
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

// maxLinkHops bounds the symbolic links followed one to another; a loop
// is left for reading the file to report.
const maxLinkHops = 40

// leavesSite reports whether name in fsys, through a symbolic link in it
// or in one of its folders (and the links those lead to), leads outside
// fsys, the site: such a file is not the site's to publish. It returns the
// link that leaves and where it points. A file system that cannot read
// links (fs.ReadLinkFS) keeps every name inside.
func leavesSite(fsys fs.FS, name string) (link, target string, out bool) {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return "", "", false
	}
	p := name
	for range maxLinkHops {
		next, followed := "", false
		parts := strings.Split(p, "/")
		for i := range parts {
			prefix := strings.Join(parts[:i+1], "/")
			info, err := rl.Lstat(prefix)
			if err != nil {
				return "", "", false // reading it says what is wrong
			}
			if info.Mode()&fs.ModeSymlink == 0 {
				continue
			}
			t, err := rl.ReadLink(prefix)
			if err != nil {
				return "", "", false
			}
			joined := path.Join(path.Dir(prefix), filepath.ToSlash(t))
			if path.IsAbs(t) || filepath.IsAbs(t) || joined == ".." || strings.HasPrefix(joined, "../") {
				return prefix, t, true
			}
			next, followed = path.Join(append([]string{joined}, parts[i+1:]...)...), true
			break
		}
		if !followed {
			return "", "", false
		}
		p = next
	}
	return "", "", false
}
