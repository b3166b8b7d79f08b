package watch

import "strings"

// Ignored reports whether name, the last element of a path, is an editor's
// temporary, backup or lock file, which never causes a delivery:
//
//   - vim: swap files *.swp, *.swx, *.swo, and 4913, the file it creates
//     and removes to probe whether a folder is writable;
//   - backups *~ (vim, Emacs, gedit); Emacs lock files .#* and auto-save
//     files #*#;
//   - *.tmp (atomic saves by many tools), Chrome's partial downloads
//     *.crdownload, Kate's swap files .*.kate-swp, macOS's .DS_Store;
//   - JetBrains' safe-write files *___jb_tmp___ and *___jb_old___.
//
// Folders are matched by the same names. Hidden folders are ignored too,
// but by the watcher, which knows which names are folders.
func Ignored(name string) bool {
	switch {
	case name == "4913", name == ".DS_Store":
		return true
	case strings.HasPrefix(name, ".#"):
		return true
	case len(name) >= 2 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".kate-swp"):
		return true
	}
	for _, suffix := range []string{".swp", ".swx", ".swo", "~", ".tmp", ".crdownload", "___jb_tmp___", "___jb_old___"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// hidden reports whether a folder named name is hidden.
func hidden(name string) bool {
	return len(name) > 1 && name[0] == '.' && name != ".."
}
