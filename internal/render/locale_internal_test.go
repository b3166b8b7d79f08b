package render

import "testing"

// TestOGLocale: Open Graph wants language_TERRITORY: the UN languages
// have their usual locales, a tag with a region keeps it.
func TestOGLocale(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "en_US", "fr": "fr_FR", "es": "es_ES", "ar": "ar_AR", "zh": "zh_CN", "ru": "ru_RU",
		"pt-BR": "pt_BR", "en-GB": "en_GB", "de": "de_DE",
	} {
		if got := ogLocale(lang); got != want {
			t.Errorf("ogLocale(%q) = %q, want %q", lang, got, want)
		}
	}
}
