package content

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date written as YYYY-MM (Day == 0: the whole month) or
// YYYY-MM-DD. The legacy "Time Frame" texts give months, so a month is a
// first-class precision, not a day guessed at.
type Date struct {
	Year  int
	Month time.Month
	Day   int // 0 when only the month is known
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// First returns the first day d covers.
func (d Date) First() time.Time {
	day := max(d.Day, 1)
	return time.Date(d.Year, d.Month, day, 0, 0, 0, 0, time.UTC)
}

// Last returns the last day d covers: the day itself, or the month's last day.
func (d Date) Last() time.Time {
	if d.Day > 0 {
		return d.First()
	}
	return time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC)
}

// String returns d as written in front matter: YYYY-MM or YYYY-MM-DD,
// and "" for the zero date.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Words returns d in English words, "December 2019" or "5 December 2019",
// for the IATI file's English narratives; pages write dates in the site's
// language (render.Catalog.Date).
func (d Date) Words() string {
	if d.IsZero() {
		return ""
	}
	if d.Day == 0 {
		return fmt.Sprintf("%s %d", d.Month, d.Year)
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// ParseDate parses YYYY-MM or YYYY-MM-DD, rejecting impossible dates such as
// 2019-13 or 2019-02-31. Its errors say what to write instead, recognising
// the legacy page's "December 2019" form.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "-")
	bad := func() (Date, error) {
		for layout, want := range map[string]string{"January 2006": "2006-01", "Jan 2006": "2006-01",
			"2 January 2006": "2006-01-02", "January 2, 2006": "2006-01-02", "2 Jan 2006": "2006-01-02"} {
			if t, err := time.Parse(layout, s); err == nil {
				return Date{}, fmt.Errorf("date %q is not in the form YYYY-MM or YYYY-MM-DD; write %s", s, t.Format(want))
			}
		}
		return Date{}, fmt.Errorf("date %q is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)", s)
	}
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) != 4 || len(parts[1]) != 2 || (len(parts) == 3 && len(parts[2]) != 2) {
		return bad()
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.ContainsAny(p, "+-") {
			return bad()
		}
		nums[i] = n
	}
	d := Date{Year: nums[0], Month: time.Month(nums[1]), Day: nums[2]}
	if d.Year < 1900 || d.Year > 2200 {
		return Date{}, fmt.Errorf("date %q has an unlikely year; use a year between 1900 and 2200", s)
	}
	if d.Month < 1 || d.Month > 12 {
		return Date{}, fmt.Errorf("date %q has no month %d; months run from 01 to 12", s, nums[1])
	}
	if len(parts) == 3 {
		last := time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return Date{}, fmt.Errorf("date %q does not exist: %s %d has %d days", s, d.Month, d.Year, last)
		}
	}
	return d, nil
}
