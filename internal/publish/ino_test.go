package publish

import (
	"os"
	"syscall"
)

func sysIno(info os.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 0
}
