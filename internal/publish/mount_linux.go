package publish

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// mounted reports whether dir (absolute, links followed) is a mount point,
// such as a container's volume or a tmpfs: a folder that cannot be
// renamed, only its contents replaced.
func mounted(dir string) bool {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		// The fifth field is the mount point, with a space, tab, newline
		// or backslash written as an octal escape (proc(5)), as Go writes
		// them too.
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		p, err := strconv.Unquote(`"` + fields[4] + `"`)
		if err != nil {
			p = fields[4]
		}
		if p == dir {
			return true
		}
	}
	return false
}
