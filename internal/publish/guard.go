package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Refusal is the error of an output folder the build will not write to,
// because writing there could destroy files that are not the build's.
// Nothing has been touched when it is returned.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) error {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// Guard refuses an output folder dir that would overwrite the site's
// sources: the site's folder root, or any folder above it; or a folder
// inside or above one of sources, named relative to root (content,
// layouts, ...). Paths are compared once symbolic links are followed, so
// a link cannot hide a source.
func Guard(dir, root string, sources ...string) error {
	out, err := real(dir)
	if err != nil {
		return err
	}
	top, err := real(root)
	if err != nil {
		return err
	}
	if within(top, out) {
		what := "the site's own folder"
		if out != top {
			what = "a folder above the site's folder"
		}
		return refuse("refusing to build into %s: it is %s (%s), and building replaces the output folder's contents; %s",
			quote(dir), what, quote(root), instead(dir, root))
	}
	for _, s := range sources {
		src, err := real(filepath.Join(root, s))
		if err != nil {
			return err
		}
		if within(out, src) || within(src, out) {
			where := "inside"
			if within(src, out) && out != src {
				where = "above"
			}
			if out == src {
				where = "the same folder as"
			}
			return refuse("refusing to build into %s: it is %s the site's %s/ folder, whose files the build would replace; %s",
				quote(dir), where, s, instead(dir, root))
		}
	}
	return nil
}

func fileInPath(dir string) error {
	return refuse("refusing to build into %s: a file stands in its path; choose a folder for the site", quote(dir))
}

// instead says what to build into rather than dir: the site's public/,
// unless dir is that already (a link to the wrong place).
func instead(dir, root string) string {
	public := filepath.Join(root, "public")
	if filepath.Clean(dir) == public {
		return fmt.Sprintf("%s is a symbolic link: point it at a folder of its own, or remove it", quote(dir))
	}
	return "choose a folder of its own, such as " + quote(public)
}

// real returns p made absolute, with every symbolic link in it followed
// as far as the path exists (an output folder not made yet is fine).
func real(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		resolved, err := filepath.EvalSymlinks(abs)
		if err == nil {
			return filepath.Join(resolved, rest), nil
		}
		if errors.Is(err, syscall.ENOTDIR) {
			return "", fileInPath(p)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return filepath.Join(abs, rest), nil
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}

// within reports whether p is dir or inside it; both are clean and
// absolute.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}

// target returns the folder a build into dir writes: dir itself, or the
// folder a symbolic link at dir leads to (so that a link to a web root
// publishes into the web root and stays a link). It refuses a dir that is
// a file, or a link to one or to nothing.
func target(dir string) (string, error) {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return dir, nil
	}
	if errors.Is(err, syscall.ENOTDIR) {
		return "", fileInPath(dir)
	}
	if err != nil {
		return "", err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		to, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return "", refuse("refusing to build into %s: it is a symbolic link to a folder that does not exist (%v); make that folder, or point the link at one", quote(dir), err)
		}
		if info, err = os.Stat(to); err != nil {
			return "", err
		}
		dir = to
	}
	if !info.IsDir() {
		return "", refuse("refusing to build into %s: it is a file, not a folder; choose a folder for the site", quote(dir))
	}
	return dir, nil
}

// quote writes a path for a message, with any control character escaped
// so that a name cannot drive the terminal.
func quote(p string) string { return fmt.Sprintf("%q", p) }
