package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"testing"

	"portfolio/internal/site"
)

// ProjectsJSON returns the objects of s's projects in slug order twice: as
// encoding/json encodes project(s, p), the oracle, and as one jsonEncoder
// writes them in turn, reusing the places it has written. It lets the tests
// in package export_test compare the two on sites they build.
func ProjectsJSON(t testing.TB, s *site.Site) (want, got [][]byte) {
	t.Helper()
	e := newJSONEncoder(s)
	for _, p := range bySlug(s) {
		want = append(want, encodeStd(t, project(s, p)))
		got = append(got, e.appendProject(nil, p))
	}
	return want, got
}

// encodeStd returns v as encoding/json encodes it for data/projects.json:
// HTML escaping off, without Encode's newline.
func encodeStd(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func TestJSONString(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", `""`},
		{`plain <b>&amp;</b> 'x'`, `"plain <b>&amp;</b> 'x'"`},
		{`"q" \ /`, `"\"q\" \\ /"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f\""},
		{"Côte d’Ivoire, 中国", `"Côte d’Ivoire, 中国"`},
		{"a\u2028b\u2029c", `"a\u2028b\u2029c"`},
		{"\xff\xe2\x80 ok \xc3", `"\ufffd\ufffd\ufffd ok \ufffd"`},
		{"\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`}, // a surrogate's encoding is not UTF-8
	} {
		if got := appendString(nil, tt.in); string(got) != tt.want {
			t.Errorf("appendString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if std := encodeStd(t, tt.in); string(std) != tt.want {
			t.Errorf("encoding/json gives %s for %q, the table wants %s", std, tt.in, tt.want)
		}
	}
}

// FuzzJSONString: appendString escapes any text, string or bytes, as
// encoding/json does with HTML escaping off.
func FuzzJSONString(f *testing.F) {
	for _, seed := range []string{"", "plain text, long enough for a word or two", "\"\\\x00\x1f\x7f<>&", "é\u2028\u2029\xff\xe2\x80", "\xf0\x9f\x98\x80\xf0\x9f"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := encodeStd(t, s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
		if got := appendString([]byte("x"), []byte(s)); !bytes.Equal(got[1:], want) {
			t.Errorf("appendString([]byte(%q)) = %s, want %s", s, got[1:], want)
		}
	})
}

// TestAppendHundredths holds appendHundredths, behind hundredths and
// Amount's MarshalJSON, to a plain formatting of the same number.
func TestAppendHundredths(t *testing.T) {
	check := func(n int64) {
		sign, u := "", uint64(n)
		if n < 0 {
			sign, u = "-", -u
		}
		want := sign + strconv.FormatUint(u/100, 10)
		if u%100 != 0 {
			want += fmt.Sprintf(".%02d", u%100)
		}
		if got := string(appendHundredths([]byte("x"), n)); got != "x"+want {
			t.Errorf("appendHundredths(%d) = %q, want %q", n, got[1:], want)
		}
	}
	for n := int64(-1005); n <= 1005; n++ {
		check(n)
	}
	for _, n := range []int64{math.MinInt64, math.MinInt64 + 1, math.MaxInt64, 614483100, 123456789, -123456709} {
		check(n)
	}
}
