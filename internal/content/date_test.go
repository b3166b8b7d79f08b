package content

import (
	"fmt"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Date
	}{
		{"2019-12", Date{2019, time.December, 0}},
		{"2019-12-05", Date{2019, time.December, 5}},
		{"2020-02-29", Date{2020, time.February, 29}},
		{"2000-02-29", Date{2000, time.February, 29}},
		{"2019-01-31", Date{2019, time.January, 31}},
		{"2019-04-30", Date{2019, time.April, 30}},
		{" 2019-12 ", Date{2019, time.December, 0}},
		{"\t2019-12-05\n", Date{2019, time.December, 5}},
		{"1900-01", Date{1900, time.January, 0}},
		{"2200-12-31", Date{2200, time.December, 31}},
	} {
		got, err := ParseDate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %+v, %v; want %+v, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"2019-02-29", `date "2019-02-29" does not exist: February 2019 has 28 days`},
		{"1900-02-29", `date "1900-02-29" does not exist: February 1900 has 28 days`},
		{"2019-02-31", `date "2019-02-31" does not exist: February 2019 has 28 days`},
		{"2019-04-31", `date "2019-04-31" does not exist: April 2019 has 30 days`},
		{"2019-12-00", `date "2019-12-00" does not exist: December 2019 has 31 days`},
		{"2019-12-32", `date "2019-12-32" does not exist: December 2019 has 31 days`},
		{"2019-13", `date "2019-13" has no month 13; months run from 01 to 12`},
		{"2019-00", `date "2019-00" has no month 0; months run from 01 to 12`},
		{"2019-00-10", `date "2019-00-10" has no month 0; months run from 01 to 12`},
		{"December 2019", `date "December 2019" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12`},
		{"Dec 2019", `date "Dec 2019" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12`},
		{"5 December 2019", `date "5 December 2019" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12-05`},
		{"December 5, 2019", `date "December 5, 2019" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12-05`},
		{"5 Dec 2019", `date "5 Dec 2019" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12-05`},
		{" December 2019 ", `date "December 2019" is not in the form YYYY-MM or YYYY-MM-DD; write 2019-12`},
		{"2019", `date "2019" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"19-12", `date "19-12" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"2019-1", `date "2019-1" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"2019-12-5", `date "2019-12-5" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"2019/12", `date "2019/12" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"2019-12-05-01", `date "2019-12-05-01" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"2019-12-05T10:00:00Z", `date "2019-12-05T10:00:00Z" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"201x-12", `date "201x-12" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"+201-12", `date "+201-12" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"2019--1", `date "2019--1" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"", `date "" is not in the form YYYY-MM or YYYY-MM-DD (for example 2019-12)`},
		{"0019-12", `date "0019-12" has an unlikely year; use a year between 1900 and 2200`},
		{"2201-01", `date "2201-01" has an unlikely year; use a year between 1900 and 2200`},
	} {
		got, err := ParseDate(tt.in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %+v, nil; want error %q", tt.in, got, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseDate(%q) error:\ngot  %s\nwant %s", tt.in, err, tt.want)
		}
		if !got.IsZero() {
			t.Errorf("ParseDate(%q) = %+v with an error; want the zero Date", tt.in, got)
		}
	}
}

func TestDateFirstLast(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		d           Date
		first, last time.Time
	}{
		{Date{2019, time.December, 5}, day(2019, time.December, 5), day(2019, time.December, 5)},
		{Date{2019, time.December, 0}, day(2019, time.December, 1), day(2019, time.December, 31)},
		{Date{2019, time.January, 0}, day(2019, time.January, 1), day(2019, time.January, 31)},
		{Date{2019, time.April, 0}, day(2019, time.April, 1), day(2019, time.April, 30)},
		{Date{2019, time.February, 0}, day(2019, time.February, 1), day(2019, time.February, 28)},
		{Date{2020, time.February, 0}, day(2020, time.February, 1), day(2020, time.February, 29)},
		{Date{2000, time.February, 0}, day(2000, time.February, 1), day(2000, time.February, 29)},
		{Date{1900, time.February, 0}, day(1900, time.February, 1), day(1900, time.February, 28)},
		{Date{2020, time.February, 29}, day(2020, time.February, 29), day(2020, time.February, 29)},
	} {
		if got := tt.d.First(); !got.Equal(tt.first) || got.Location() != time.UTC {
			t.Errorf("%v.First() = %v; want %v", tt.d, got, tt.first)
		}
		if got := tt.d.Last(); !got.Equal(tt.last) || got.Location() != time.UTC {
			t.Errorf("%v.Last() = %v; want %v", tt.d, got, tt.last)
		}
	}
}

func TestDateStringWords(t *testing.T) {
	for _, tt := range []struct {
		d          Date
		str, words string
		zero       bool
	}{
		{Date{2019, time.December, 0}, "2019-12", "December 2019", false},
		{Date{2019, time.December, 5}, "2019-12-05", "5 December 2019", false},
		{Date{2011, time.September, 0}, "2011-09", "September 2011", false},
		{Date{2020, time.February, 29}, "2020-02-29", "29 February 2020", false},
		{Date{}, "", "", true},
	} {
		if got := tt.d.String(); got != tt.str {
			t.Errorf("%+v.String() = %q; want %q", tt.d, got, tt.str)
		}
		if got := tt.d.Words(); got != tt.words {
			t.Errorf("%+v.Words() = %q; want %q", tt.d, got, tt.words)
		}
		if got := tt.d.IsZero(); got != tt.zero {
			t.Errorf("%+v.IsZero() = %v; want %v", tt.d, got, tt.zero)
		}
	}
}

// TestDateRoundTrip checks that String writes what ParseDate reads.
func TestDateRoundTrip(t *testing.T) {
	for _, s := range []string{"2019-12", "2019-12-05", "2020-02-29", "1999-01-01"} {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatalf("ParseDate(%q): %v", s, err)
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDate(%q).String() = %q; want %q", s, got, s)
		}
	}
}

// TestDateString holds String, written without fmt, to the formats it
// stands for, odd values included.
func TestDateString(t *testing.T) {
	for _, y := range []int{1, 9, 99, 2019, 12345, -1, -5, -123, -12345} {
		for _, m := range []time.Month{1, 9, 12, 100, -3} {
			for _, d := range []int{0, 1, 9, 31, 123, -2} {
				want := fmt.Sprintf("%04d-%02d-%02d", y, int(m), d)
				if d == 0 {
					want = fmt.Sprintf("%04d-%02d", y, int(m))
				}
				if got := (Date{y, m, d}).String(); got != want {
					t.Errorf("Date{%d, %d, %d}.String() = %q, want %q", y, m, d, got, want)
				}
			}
		}
	}
	if got := (Date{}).String(); got != "" {
		t.Errorf("zero date: %q", got)
	}
}
