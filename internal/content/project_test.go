package content

import "testing"

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
