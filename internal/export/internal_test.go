package export

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"portfolio/internal/content"
	"portfolio/internal/places"
	"portfolio/internal/site"
)

func TestHundredths(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {5, "0.05"}, {50, "0.50"}, {100, "1"}, {123456789, "1234567.89"},
		{614483100, "6144831"}, {-150, "-1.50"}, {3334, "33.34"},
	} {
		got := hundredths(tt.n)
		if got != tt.want {
			t.Errorf("hundredths(%d) = %q, want %q", tt.n, got, tt.want)
		}
		back, err := parseHundredths(got)
		if err != nil || back != tt.n {
			t.Errorf("parseHundredths(%q) = %d, %v; want %d", got, back, err, tt.n)
		}
	}
	// The extremes format without overflow; only the smallest has no
	// positive counterpart, so it is made with unsigned arithmetic.
	for n, want := range map[int64]string{math.MinInt64: "-92233720368547758.08", math.MaxInt64: "92233720368547758.07", math.MinInt64 + 100: "-92233720368547757.08"} {
		if got := hundredths(n); got != want {
			t.Errorf("hundredths(%d) = %q, want %q", n, got, want)
		}
	}
	for _, bad := range []string{"", "1.234", "1.", ".5", "1e6", "abc", "--1", "1,000"} {
		if _, err := parseHundredths(bad); err == nil {
			t.Errorf("parseHundredths(%q) succeeded, want an error", bad)
		}
	}
}

// TestSplit checks that shares add up to exactly 100 for any count.
func TestSplit(t *testing.T) {
	for n := 1; n <= 40; n++ {
		var sum int64
		for _, s := range split(10000, n) {
			h, err := parseHundredths(s)
			if err != nil || h <= 0 {
				t.Fatalf("split(%d): share %q", n, s)
			}
			sum += h
		}
		if sum != 10000 {
			t.Errorf("split(%d) adds up to %s, want 100", n, hundredths(sum))
		}
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("été ", 400)
	got := shorten(long, 1000)
	if len(got) > 1000+len("…") || !strings.HasSuffix(got, "é…") || !utf8.ValidString(got) {
		t.Errorf("shorten at a space: %d bytes, ends %q", len(got), got[len(got)-8:])
	}
	got = shorten(strings.Repeat("é", 600), 1001) // no space: cut between runes
	if !utf8.ValidString(got) || len(got) > 1001+len("…") {
		t.Errorf("shorten without spaces: invalid UTF-8 or too long (%d bytes)", len(got))
	}
	if got := shorten("short", 1000); got != "short" {
		t.Errorf("shorten(short) = %q", got)
	}
}

func TestMediaType(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.org/a/report.PDF":  "application/pdf",
		"https://example.org/a.pdf?dl=1#p2": "application/pdf",
		"https://example.org/a.docx":        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"https://example.org/page/":         "text/html",
	} {
		if got := mediaType(in); got != want {
			t.Errorf("mediaType(%q) = %q, want %q", in, got, want)
		}
	}
}

// ParseHundredths lets the package's other tests read amounts back.
var ParseHundredths = parseHundredths

// CSV, JSON and IATI return one download of s each, as Files makes it.
func CSV(s *site.Site) ([]byte, error)  { return whole(s, bySlug(s), CSVPath, "", "") }
func JSON(s *site.Site) ([]byte, error) { return whole(s, bySlug(s), JSONPath, "", "") }
func IATI(s *site.Site, orgRef, orgName string) ([]byte, error) {
	return whole(s, bySlug(s), IATIPath, orgRef, orgName)
}

// parseHundredths is hundredths' inverse: it reads a decimal number with at
// most two decimals, such as an amount of dollars, into hundredths (cents),
// exactly.
func parseHundredths(s string) (int64, error) {
	whole, frac, dot := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || (dot && (frac == "" || len(frac) > 2 || strings.Trim(frac, "0123456789") != "")) {
		return 0, fmt.Errorf("amount %q is not a decimal number with at most two decimals", s)
	}
	d, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("amount %q: %w", s, err)
	}
	frac += strings.Repeat("0", 2-len(frac))
	c, _ := strconv.ParseInt(frac, 10, 64)
	cents := d*100 + c
	if neg {
		cents = -cents
	}
	return cents, nil
}

// TestRecipientShares checks the percentages rule 3.4.2 adds up: the
// countries with the regions of each vocabulary make 100.
func TestRecipientShares(t *testing.T) {
	place := func(pl places.Place) *site.Place { return &site.Place{Place: &pl} }
	p := &site.Project{Project: &content.Project{}, Places: []*site.Place{
		place(places.Place{Name: "Bangladesh", Kind: places.Country, M49: "050", ISO2: "BD"}),
		place(places.Place{Name: "Nepal", Kind: places.Country, M49: "524", ISO2: "NP"}),
		place(places.Place{Name: "Africa", Kind: places.Region, M49: "002"}),
		place(places.Place{Name: "Least Developed Countries", Kind: places.Group, Code: "ldc"}),
		place(places.Place{Name: "Developing Countries", Kind: places.Group, Code: "developing"}),
	}}
	countries, regions := recipients(&site.Site{}, p)
	var got []string
	for _, c := range countries {
		got = append(got, c.Code+":"+c.Percentage)
	}
	for _, r := range regions {
		got = append(got, r.Vocabulary+"/"+r.Code+":"+r.Percentage)
	}
	// 2 countries of 5 places: 40; M49 (2) shares 60, DAC (1) has 60 alone.
	want := []string{"BD:20", "NP:20", "2/002:30", "2/199:30", "1/998:60"}
	if !slices.Equal(got, want) {
		t.Errorf("recipients:\n got %q\nwant %q", got, want)
	}
}
