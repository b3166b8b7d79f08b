package build

import (
	"errors"
	"io/fs"
	"path"
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

// clashes reports each static file at a path the site makes too, at a
// folder the site makes files in, or inside a file the site makes: the
// site's own file, or the static one, would be lost.
func clashes(static []render.File, paths []string) diag.List {
	var l diag.List
	if len(static) == 0 {
		return l
	}
	statics := map[string]bool{}
	for _, f := range static {
		statics[f.Path] = true
	}
	site, folders := map[string]bool{}, map[string]bool{}
	for _, p := range paths {
		if statics[p] && !site[p] {
			statics[p] = false // the static file's own path; a second is the site's
			continue
		}
		site[p] = true
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			folders[d] = true
		}
	}
	for _, f := range static {
		where := staticDir + "/" + f.Path
		switch {
		case site[f.Path]:
			l.Errorf(where, diag.Pos{}, "the site makes %s itself; rename or remove this file", f.Path)
		case folders[f.Path]:
			l.Errorf(where, diag.Pos{}, "the site makes a folder %s/ for its pages; rename or remove this file", f.Path)
		default:
			for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
				if site[d] {
					l.Errorf(where, diag.Pos{}, "the site makes %s as a file, so nothing can go inside it; move this file", d)
					break
				}
			}
		}
	}
	return l
}
