package search

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/width"
)

// A converter is OpenCC's t2s conversion, rebuilt from the dictionaries that
// opencc.New("t2s") loads into a form that converts in place, without
// allocation.
//
// opencc.Convert runs at about 3 MB/s (a map and several strings per rune),
// which would make script folding the most expensive part of indexing. The
// algorithm here is the same: for each dictionary group in the chain, at each
// position, the first dictionary with a key that is a prefix of the next ten
// runes wins, with its longest such key (by bytes), and the key's first value
// replaces it; a rune no dictionary knows is copied. TestConverterMatchesOpenCC
// compares the two on real text.
//
// Every t2s entry maps a key to a value of the same number of runes, which
// makes folding length-preserving: rune i of a folded text is rune i of the
// original, so matches found in folded text map back to the original script.
// newConverter drops any entry that would break this (none do today).
type converter struct {
	groups [][]map[rune][]ccEntry // chain → dictionaries → first rune → entries, longest first
}

type ccEntry struct {
	key, val []rune
	keyLen   int // bytes, OpenCC's measure of "longest"
}

// ccWindow is how many runes OpenCC looks ahead for a dictionary key.
const ccWindow = 10

var (
	t2sOnce sync.Once
	t2sConv *converter
	t2sErr  error
)

// t2s returns the shared, immutable Traditional→Simplified converter,
// building it on first use (about 20 ms).
func t2s() (*converter, error) {
	t2sOnce.Do(func() {
		cc, err := opencc.New("t2s")
		if err != nil {
			t2sErr = fmt.Errorf("loading opencc t2s: %w", err)
			return
		}
		t2sConv, t2sErr = newConverter(cc)
	})
	return t2sConv, t2sErr
}

func newConverter(cc *opencc.OpenCC) (*converter, error) {
	c := &converter{}
	for _, g := range cc.DictChains {
		var dicts []map[rune][]ccEntry
		for _, d := range g.Dicts {
			m := make(map[rune][]ccEntry)
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				k, err := d.Trie.Key(id)
				if err != nil {
					return nil, fmt.Errorf("reading opencc dictionary: %w", err)
				}
				v, err := d.Trie.Value(id)
				if err != nil || v < 0 || v >= len(d.Values) || len(d.Values[v]) == 0 {
					return nil, fmt.Errorf("reading opencc dictionary value of %q: %v", k, err)
				}
				key, val := []rune(string(k)), []rune(d.Values[v][0])
				if len(key) == 0 || len(key) != len(val) || len(key) > ccWindow {
					continue
				}
				m[key[0]] = append(m[key[0]], ccEntry{key: key, val: val, keyLen: len(k)})
			}
			for _, es := range m {
				sort.Slice(es, func(i, j int) bool { return es[i].keyLen > es[j].keyLen })
			}
			dicts = append(dicts, m)
		}
		c.groups = append(c.groups, dicts)
	}
	if len(c.groups) == 0 {
		return nil, fmt.Errorf("opencc t2s has no dictionaries")
	}
	return c, nil
}

// convert converts rs in place.
func (c *converter) convert(rs []rune) {
	for _, dicts := range c.groups {
		for i := 0; i < len(rs); {
			n := c.match(dicts, rs[i:min(i+ccWindow, len(rs))])
			if n == 0 {
				n = 1
			}
			i += n
		}
	}
}

// match replaces the dictionary key at the start of w, if any, and returns its length.
func (c *converter) match(dicts []map[rune][]ccEntry, w []rune) int {
	for _, d := range dicts {
		for _, e := range d[w[0]] {
			if len(e.key) <= len(w) && runesHavePrefix(w, e.key) {
				copy(w, e.val)
				return len(e.key)
			}
		}
	}
	return 0
}

func runesHavePrefix(s, p []rune) bool {
	for i, r := range p {
		if s[i] != r {
			return false
		}
	}
	return true
}

// foldRune folds width (full-width ASCII to ASCII, half-width katakana to
// full-width) and case. It maps one rune to one rune.
func foldRune(r rune) rune {
	if r >= utf8.RuneSelf {
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
	}
	return unicode.ToLower(r)
}

// foldRunes folds width, case and script of rs in place: the form in which
// text is indexed and queried. len(rs) is unchanged.
func foldRunes(c *converter, rs []rune) {
	for i, r := range rs {
		rs[i] = foldRune(r)
	}
	c.convert(rs)
}

// fold returns the folded form of s (see foldRunes).
func fold(c *converter, s string) string {
	rs := []rune(s)
	foldRunes(c, rs)
	return string(rs)
}

// docNumberDrop lists the brackets that variants of one 文號 spell
// differently (after width folding, so （） and ［］ are here as () and []).
const docNumberDrop = "〔〕[]()【】〖〗{}"

// NormalizeDocNumber returns the key under which a 文號 (document number) or
// 索引號 (index number) is indexed and looked up. It folds width, case and
// script (Traditional to Simplified, so 號 becomes 号), removes white space
// and the brackets 〔〕[]()（）【】, removes 第 before a digit and 年 between
// digits, so that 長府發〔2024〕3號, 长府发[2024]3号, 長府發(2024)3號 and
// 长府发2024年第3号 all give 长府发20243号.
func NormalizeDocNumber(s string) string {
	c, err := t2s()
	if err != nil {
		// Without the dictionary, fold width and case only; Build and Open
		// report the error.
		return normalizeDocNumber(nil, s)
	}
	return normalizeDocNumber(c, s)
}

func normalizeDocNumber(c *converter, s string) string {
	rs := []rune(strings.TrimSpace(s))
	for i, r := range rs {
		rs[i] = foldRune(r)
	}
	if c != nil {
		c.convert(rs)
	}
	out := rs[:0]
	for i, r := range rs {
		switch {
		case unicode.IsSpace(r) || strings.ContainsRune(docNumberDrop, r):
			continue
		case r == '第' && i+1 < len(rs) && isDigit(rs[i+1]):
			continue
		case r == '年' && len(out) > 0 && isDigit(out[len(out)-1]) && i+1 < len(rs) && (isDigit(rs[i+1]) || rs[i+1] == '第'):
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
