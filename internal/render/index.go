package render

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"portfolio/internal/key"
	"portfolio/internal/site"
)

// The filter page's script reads files written at build time, sized for a
// slow connection: at 10,000 projects what it fetches before it shows the
// results of a search stays under 300 KB compressed.
//
// data/index.json, fetched with the page:
//
//	{"v": 2,
//	 "projects": [[slug, title, code, status, start, end, [place, ...]], ...],
//	 "places":   [[name, url, kind, [alias...], [via...], [extra...], [except...], [[project, names]...]], ...],
//	 "funders":  [[name, url, [projects...]], ...],
//	 "words":    [shard, ...]}
//
// A project's URL is /projects/<slug>/; a slug ending in "*" stands for
// its start followed by the title's slug (slugOf), which is most of them.
// start and end are YYYYMM numbers (end 0 when open-ended), status is "c",
// "p" or "u", and a project's places are those it names, in its order: an
// index into "places", or the name of a place that has no page. Project
// lists are indexes into "projects", sorted and delta-encoded (each number
// is the gap from the one before).
//
// A place's projects are not listed but derived (decodeIndex does what the
// script does): those naming it are the projects whose places hold it;
// those reaching it are those naming any of its via places (the places it
// is reached through), with extra and without except (sorted project
// lists); and each reaches it through the places it names among via, in
// its own order, unless its entry in the last list names them otherwise
// (project an index, names comma-separated). So a group that reaches 190
// countries costs them a few numbers each, not thousands. A place's
// aliases are the other names editors write for it ("Tanzania"), which the
// search matches but never shows.
//
// data/words/<shard>.json, fetched when a search term needs it: the words
// of the projects' bodies, folded as the script folds a search (lower case,
// no accents), each with its sorted, delta-encoded project list, in files
// by their first letter (shardOf): {"word": [projects...], ...}. "words"
// in index.json lists the shards there are.

// indexFiles returns data/index.json and data/words/*.json. Each project's
// row is encoded once and, with a memo, kept by the project's entry key (it
// shows nothing of it that its list entry does not); the places, funders
// and words are encoded anew.
func (run *run) indexFiles(s *site.Site) ([]File, error) {
	all := slices.Concat(s.Countries, s.Groups)
	id := make(map[string]int, len(all)) // a place's index among all, by name
	k := key.New()                       // the places' order, which a project's row holds
	for i, pl := range all {
		id[pl.Name] = i
		k.Str(pl.URL)
	}
	order := k.Sum()
	rows := make([][]byte, len(s.Projects))
	var err error
	for i, p := range s.Projects {
		if rows[i], err = run.indexRow(p, id, order); err != nil {
			return nil, err
		}
	}
	b := []byte(`{"v":2,"projects":[`)
	for i, row := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, row...)
	}
	b = append(b, `],"places":[`...)
	placesOf := make([][]int, len(s.Projects)) // by Seq: the indexes of the places each names, in its order
	for _, p := range s.Projects {
		for _, pl := range p.Places {
			if i, ok := id[pl.Name]; ok {
				placesOf[p.Seq] = append(placesOf[p.Seq], i)
			}
		}
	}
	for i, pl := range all {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendPlace(b, pl, all, id, placesOf); err != nil {
			return nil, err
		}
	}
	b = append(b, `],"funders":[`...)
	for i, f := range s.Funders {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		if b, err = appendStrings(b, f.Name, f.URL); err != nil {
			return nil, err
		}
		b = appendInts(append(b, ','), postings(seqs(f.Projects)))
		b = append(b, ']')
	}
	b = append(b, `],"words":[`...)
	shards, err := wordShards(s.Projects)
	if err != nil {
		return nil, err
	}
	files := []File{{Path: "data/index.json"}}
	for i, sh := range shards {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, sh.key)
		files = append(files, File{Path: "data/words/" + sh.key + ".json", Data: sh.data})
	}
	files[0].Data = append(b, "]}"...)
	return files, nil
}

// appendPlace appends pl's entry in index.json (see above); all are the
// places with an entry, id their indexes, placesOf the indexes of the
// places each project names, by Seq.
func appendPlace(b []byte, pl *site.Place, all []*site.Place, id map[string]int, placesOf [][]int) ([]byte, error) {
	b = append(b, '[')
	b, err := appendStrings(b, pl.Name, pl.URL, pl.Kind.String())
	if err != nil {
		return nil, err
	}
	b = append(b, ",["...)
	if b, err = appendStrings(b, pl.Aliases...); err != nil {
		return nil, err
	}
	b = append(b, ']')
	// The places it is reached through, in the order of the index.
	via := make([]bool, len(all))
	reached := make([]bool, len(placesOf)) // by Seq
	var ids []int
	for _, r := range pl.Reached {
		reached[r.Project.Seq] = true
		for _, v := range r.Via {
			if i, ok := id[v.Name]; ok && !via[i] {
				via[i] = true
				ids = append(ids, i)
			}
		}
	}
	slices.Sort(ids)
	b = appendInts(append(b, ','), ids)
	// The exceptions: projects reaching it that name no via place, and
	// projects naming one that do not reach it (through it only at other
	// dates, or naming pl itself).
	var extra, except []int
	for _, r := range pl.Reached {
		if !slices.ContainsFunc(placesOf[r.Project.Seq], func(i int) bool { return via[i] }) {
			extra = append(extra, r.Project.Seq)
		}
	}
	named := make([]bool, len(placesOf)) // by Seq
	for _, i := range ids {
		for _, p := range all[i].Direct {
			if !reached[p.Seq] && !named[p.Seq] {
				except = append(except, p.Seq)
			}
			named[p.Seq] = true
		}
	}
	b = appendInts(append(b, ','), postings(extra))
	b = appendInts(append(b, ','), postings(except))
	// What each reaches it through, where its places among via do not say.
	b = append(b, ",["...)
	rs := slices.Clone(pl.Reached)
	slices.SortFunc(rs, func(a, b site.Reach) int { return a.Project.Seq - b.Project.Seq })
	first := true
	for _, r := range rs {
		if sameVia(r, placesOf[r.Project.Seq], via, all) {
			continue
		}
		names := make([]string, len(r.Via))
		for i, v := range r.Via {
			names[i] = v.Name
		}
		said := strings.Join(names, ", ")
		if !first {
			b = append(b, ',')
		}
		first = false
		b = strconv.AppendInt(append(b, '['), int64(r.Project.Seq), 10)
		if b, err = appendStrings(append(b, ','), said); err != nil {
			return nil, err
		}
		b = append(b, ']')
	}
	return append(b, "]]"...), nil
}

// sameVia reports whether r's project reaches the place through exactly
// the places it names (named: their indexes in all, in its order) among
// via, which is what the script takes it to reach the place through.
func sameVia(r site.Reach, named []int, via []bool, all []*site.Place) bool {
	n := 0
	for _, i := range named {
		if !via[i] {
			continue
		}
		if n == len(r.Via) || r.Via[n].Name != all[i].Name {
			return false
		}
		n++
	}
	return n == len(r.Via)
}

// seqs returns the projects' indexes in Site.Projects.
func seqs(ps []*site.Project) []int {
	ids := make([]int, len(ps))
	for i, p := range ps {
		ids[i] = p.Seq
	}
	return ids
}

// postings sorts ids and delta-encodes them: each the gap from the one
// before.
func postings(ids []int) []int {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	for i := len(ids) - 1; i > 0; i-- {
		ids[i] -= ids[i-1]
	}
	return ids
}

// A shard is one file of data/words/.
type shard struct {
	key  string
	data []byte
}

// wordShards returns the words of the projects' bodies, folded, each with
// the projects that have it, in shards by first letter, in key order.
func wordShards(ps []*site.Project) ([]shard, error) {
	folded := map[string]string{}
	has := map[string][]int{} // folded word → projects, in order
	for _, p := range ps {
		for w := range strings.FieldsSeq(p.Words) {
			f, ok := folded[w]
			if !ok {
				f = fold(w)
				folded[w] = f
			}
			if l := has[f]; len(l) == 0 || l[len(l)-1] != p.Seq {
				has[f] = append(l, p.Seq)
			}
		}
	}
	byShard := map[string][]string{}
	for w := range has {
		k := shardOf(w)
		byShard[k] = append(byShard[k], w)
	}
	var out []shard
	for _, k := range slices.Sorted(maps.Keys(byShard)) {
		words := byShard[k]
		slices.Sort(words)
		b := []byte{'{'}
		for i, w := range words {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendStrings(b, w); err != nil {
				return nil, err
			}
			b = appendInts(append(b, ':'), postings(has[w]))
		}
		out = append(out, shard{key: k, data: append(b, '}')})
	}
	return out, nil
}

// fold lower-cases s and takes accents off, as the script's fold does
// (toLowerCase, NFD, without U+0300 to U+036F).
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x300 && r <= 0x36f {
			return -1
		}
		return r
	}, norm.NFD.String(strings.ToLower(s)))
}

// shardOf names the shard of a folded word, as the script does: its first
// letter when it is a to z or a digit, else "u" and its code point in hex.
func shardOf(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
		return string(r)
	}
	return "u" + strconv.FormatInt(int64(r), 16)
}

// slugOf is the slug the script makes of an ASCII title: lower case, each
// run of other characters than a to z and 0 to 9 a hyphen, none at either
// end; "" for a title with other characters, whose slug it does not guess.
func slugOf(title string) string {
	var b strings.Builder
	dash := false
	for i := 0; i < len(title); i++ {
		c := title[i]
		if c >= 0x80 {
			return ""
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte(c)
		} else {
			dash = true
		}
	}
	return b.String()
}

// indexRow returns p's row in index.json; id gives the places' indexes,
// order is a key of them.
func (run *run) indexRow(p *site.Project, id map[string]int, order uint64) ([]byte, error) {
	var rowKey uint64
	memo := run.r.memo
	if memo != nil {
		k := key.New()
		k.U64(run.entries.of(p).key)
		k.U64(order)
		rowKey = k.Sum()
		memo.mu.Lock()
		row, ok := look(memo, memo.index, rowKey)
		memo.mu.Unlock()
		if ok {
			return row, nil
		}
	}
	end := 0
	if !p.End.IsZero() {
		end = p.End.Year*100 + int(p.End.Month)
	}
	slug := p.Slug
	if t := slugOf(p.Title); t != "" && strings.HasSuffix(slug, t) {
		slug = strings.TrimSuffix(slug, t) + "*"
	}
	names := make([]any, len(p.Places))
	for i, pl := range p.Places {
		if n, ok := id[pl.Name]; ok {
			names[i] = n
		} else {
			names[i] = pl.Name
		}
	}
	row, err := json.Marshal([]any{slug, p.Title, p.Code, string(p.Status)[:1], p.Start.Year*100 + int(p.Start.Month), end, names})
	if err != nil {
		return nil, err
	}
	if memo != nil {
		memo.mu.Lock()
		keep(memo, memo.index, rowKey, row)
		memo.mu.Unlock()
	}
	return row, nil
}

// appendStrings appends the JSON strings of ss, comma-separated.
func appendStrings(b []byte, ss ...string) ([]byte, error) {
	for i, v := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		q, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b = append(b, q...)
	}
	return b, nil
}

// appendInts appends the JSON array of ns.
func appendInts(b []byte, ns []int) []byte {
	b = append(b, '[')
	for i, n := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, ']')
}
