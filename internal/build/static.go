package build

import (
	"errors"
	"io/fs"
	"strings"

	"portfolio/internal/diag"
	"portfolio/internal/render"
)

// staticDir holds the files a site publishes as they are, at the same path
// in the output folder: CNAME, _headers, .well-known/, a host's
// verification file, a report in PDF.
const staticDir = "static"

// staticFiles reads every file under static/, hidden ones included, byte
// for byte. A symbolic link is refused: what it leads to need not be the
// site's to publish.
func staticFiles(fsys fs.FS) ([]render.File, diag.List) {
	var files []render.File
	var l diag.List
	err := fs.WalkDir(fsys, staticDir, func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			if name == staticDir && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			l.Errorf(name, diag.Pos{}, "cannot read: %v", err)
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			l.Errorf(name, diag.Pos{}, "is a symbolic link; static/ publishes files as they are, so put the file itself here")
			return nil
		case d.IsDir():
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			l.Errorf(name, diag.Pos{}, "cannot read: %v", err)
			return nil
		}
		files = append(files, render.File{Path: strings.TrimPrefix(name, staticDir+"/"), Data: data})
		return nil
	})
	if err != nil {
		l.Errorf(staticDir, diag.Pos{}, "cannot read: %v", err)
	}
	return files, l
}

// clashes reports each static file at a path the site makes too: the
// site's own file would be lost.
func clashes(static []render.File, paths []string) diag.List {
	var l diag.List
	if len(static) == 0 {
		return l
	}
	made := map[string]int{}
	for _, p := range paths {
		made[p]++
	}
	for _, f := range static {
		if made[f.Path] > 1 {
			l.Errorf(staticDir+"/"+f.Path, diag.Pos{}, "the site makes %s itself; rename or remove this file", f.Path)
		}
	}
	return l
}
