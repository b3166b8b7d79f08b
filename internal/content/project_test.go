package content

import "testing"

func TestMoneyString(t *testing.T) {
	for _, tt := range []struct {
		m    Money
		want string
	}{
		{0, "US$ 0"},
		{1, "US$ 0.01"},
		{99, "US$ 0.99"},
		{100, "US$ 1"},
		{12345, "US$ 123.45"},
		{100000, "US$ 1,000"},
		{59200000, "US$ 592,000"},
		{351859400, "US$ 3,518,594"},
		{351859450, "US$ 3,518,594.50"},
		{12345678900, "US$ 123,456,789"},
		{100000000000, "US$ 1,000,000,000"},
		{-12345, "US$ -123.45"},
		{-12345600, "US$ -123,456"},
		{-50, "US$ -0.50"},
		{-9223372036854775808, "US$ -92,233,720,368,547,758.08"},
		{9223372036854775807, "US$ 92,233,720,368,547,758.07"},
	} {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("Money(%d).String() = %q; want %q", int64(tt.m), got, tt.want)
		}
	}
}

func TestMoneyDollars(t *testing.T) {
	for _, tt := range []struct {
		m    Money
		want float64
	}{
		{0, 0},
		{59200000, 592000},
		{351859450, 3518594.5},
	} {
		if got := tt.m.Dollars(); got != tt.want {
			t.Errorf("Money(%d).Dollars() = %v; want %v", int64(tt.m), got, tt.want)
		}
	}
}

func TestSlugify(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"igf-2011", "igf-2011"},
		{"Internet Governance Forum 2011", "internet-governance-forum-2011"},
		{"  leading and trailing  ", "leading-and-trailing"},
		{"many---hyphens__and  spaces", "many-hyphens-and-spaces"},
		{"Côte d'Ivoire", "cote-divoire"},
		{"Côte d’Ivoire", "cote-divoire"},
		{"São Tomé e Príncipe", "sao-tome-e-principe"},
		{"Ñandú", "nandu"},
		{"ÀÉÎÕÜ", "aeiou"},
		{"Øresund Fund", "oresund-fund"},
		{"Straße & Co", "strasse-and-co"},
		{"Łódź Œuvre", "lodz-oeuvre"},
		{"R&D", "r-and-d"},
		{"1617B", "1617b"},
		{"UNDP/UNICEF (joint)", "undp-unicef-joint"},
		{"-x-", "x"},
		{"日本", ""},
		{"日本 2020", "2020"},
		{"", ""},
		{"!!!", ""},
	} {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if got := Slugify(tt.in); got != "" && !slugPattern.MatchString(got) {
			t.Errorf("Slugify(%q) = %q, which the slug rule rejects", tt.in, got)
		}
	}
}
