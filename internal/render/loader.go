package render

import (
	"io/fs"
	"slices"

	"portfolio/internal/diag"
	"portfolio/internal/key"
	"portfolio/internal/site"
)

// Loader keeps the last Load's result and returns it again while the
// layouts, assets, catalog and settings are unchanged, so that a process that builds
// again and again (the preview server) parses and minifies them only when
// one of them changes. Load is a function of those alone, so what it returns
// is what Load would. The Renderer it returns is the same one each time:
// one build at a time may use it.
type Loader struct {
	key   uint64
	r     *Renderer
	diags diag.List
}

// Load returns what Load(fsys, settings) returns.
func (ld *Loader) Load(fsys fs.FS, settings site.Settings) (*Renderer, diag.List) {
	key, ok := sourcesKey(fsys, settings)
	if ok && ld.r != nil && key == ld.key {
		return ld.r, slices.Clone(ld.diags)
	}
	r, l := Load(fsys, settings)
	ld.r, ld.key, ld.diags = nil, 0, nil
	if ok {
		ld.r, ld.key, ld.diags = r, key, slices.Clone(l)
	}
	return r, l
}

// sourcesKey hashes every file under layouts/, assets/ and translations/, names and
// bytes, with the settings; ok is false when a file could not be read.
func sourcesKey(fsys fs.FS, settings site.Settings) (sum uint64, ok bool) {
	k := key.New()
	k.U64(key.Of(settings)) // all of them, so that none added later is left out
	ok = true
	for _, dir := range []string{layoutDir, assetDir, catalogDir} {
		k.Str(dir)
		err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				k.Str("error " + name)
				return nil
			}
			if d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				ok = false
				return nil
			}
			k.Str(name)
			k.Str(string(data))
			return nil
		})
		if err != nil {
			ok = false
		}
	}
	return k.Sum(), ok
}
