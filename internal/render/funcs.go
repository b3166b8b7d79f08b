package render

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"time"

	"portfolio/internal/content"
	"portfolio/internal/site"
)

func errorsIsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// funcs are the helpers layouts may call. None returns template.HTML built
// from content, so html/template's escaping is never bypassed.
func (r *Renderer) funcs(basePath string) template.FuncMap {
	return template.FuncMap{
		// url prefixes a site path with the base path.
		"url": func(p string) string { return basePath + p },
		// asset gives the fingerprinted URL of a file under assets/.
		"asset": func(name string) (string, error) {
			out, ok := r.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q under assets/", name)
			}
			return basePath + "/" + out, nil
		},
		"money":     func(m content.Money) string { return m.String() },
		"budget":    budget,
		"timeframe": timeframe,
		"duration":  duration,
		"day":       func(t time.Time) string { return t.Format("2 January 2006") },
		"isodate":   func(t time.Time) string { return t.Format("2006-01-02") },
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
		"title": func(s string) string {
			if s == "" {
				return s
			}
			return strings.ToUpper(s[:1]) + s[1:]
		},
		"placenames": func(ps []*site.Place) string {
			names := make([]string, len(ps))
			for i, p := range ps {
				names[i] = p.Short
			}
			return strings.Join(names, ", ")
		},
	}
}

// budget formats a project's budget, "not stated" when absent — never 0.
func budget(p *site.Project) string {
	if !p.HasBudget {
		return "not stated"
	}
	return p.Budget.String()
}

// timeframe gives a project's time frame in words: "January 2017 – December 2019".
func timeframe(p *site.Project) string {
	if p.End.IsZero() {
		return "since " + p.Start.Words() + " (open-ended)"
	}
	return p.Start.Words() + " – " + p.End.Words()
}

// duration gives a time frame's length in months or years, rounded: "3 years".
func duration(p *site.Project) string {
	if p.End.IsZero() {
		return ""
	}
	months := (p.End.Year-p.Start.Year)*12 + int(p.End.Month-p.Start.Month) + 1
	switch {
	case months < 1:
		return ""
	case months == 1:
		return "1 month"
	case months < 24:
		return fmt.Sprintf("%d months", months)
	case months%12 == 0:
		return fmt.Sprintf("%d years", months/12)
	}
	return fmt.Sprintf("%d years %d months", months/12, months%12)
}
