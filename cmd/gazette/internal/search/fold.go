package search

import (
	"fmt"
	"slices"
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
// opencc.Convert allocates a map and several strings per rune, which would
// make script folding the most expensive part of indexing. The
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
	groups [][]ccDict // the chain's groups, each a list of dictionaries
	// known[g] has the bit of every BMP rune that starts a key of a
	// dictionary of group g: any other BMP rune is copied without a look-up
	// (most runes of any text, even a Traditional one).
	known [][]uint64
}

// A ccDict is one OpenCC dictionary: single-rune keys in a table (dense for
// the Basic Multilingual Plane), longer keys by first rune, longest first.
type ccDict struct {
	single  []rune // BMP rune → value, 0 when absent
	astral  map[rune]rune
	multi   map[rune][]ccEntry
	isFirst []uint64 // bit set of the first runes of multi (BMP)
}

type ccEntry struct {
	key, val []rune
	keyLen   int // bytes, OpenCC's measure of "longest"
}

const bmp = 0x10000

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
		var dicts []ccDict
		for _, d := range g.Dicts {
			cd := ccDict{single: make([]rune, bmp), astral: map[rune]rune{}, multi: map[rune][]ccEntry{}, isFirst: make([]uint64, bmp/64)}
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
				switch {
				case len(key) == 0 || len(key) != len(val) || len(key) > ccWindow:
					continue
				case len(key) == 1 && key[0] < bmp:
					cd.single[key[0]] = val[0]
				case len(key) == 1:
					cd.astral[key[0]] = val[0]
				default:
					cd.multi[key[0]] = append(cd.multi[key[0]], ccEntry{key: key, val: val, keyLen: len(k)})
					if key[0] < bmp {
						cd.isFirst[key[0]/64] |= 1 << (key[0] % 64)
					}
				}
			}
			for _, es := range cd.multi {
				sort.Slice(es, func(i, j int) bool { return es[i].keyLen > es[j].keyLen })
			}
			dicts = append(dicts, cd)
		}
		known := make([]uint64, bmp/64)
		for _, d := range dicts {
			for r, v := range d.single {
				if v != 0 {
					known[r/64] |= 1 << (r % 64)
				}
			}
			for i, w := range d.isFirst {
				known[i] |= w
			}
		}
		c.groups = append(c.groups, dicts)
		c.known = append(c.known, known)
	}
	if len(c.groups) == 0 {
		return nil, fmt.Errorf("opencc t2s has no dictionaries")
	}
	return c, nil
}

// convert converts rs in place.
func (c *converter) convert(rs []rune) {
	for g, dicts := range c.groups {
		known := c.known[g]
		for i := 0; i < len(rs); {
			if r := rs[i]; r < bmp && known[r/64]&(1<<(r%64)) == 0 {
				i++
				continue
			}
			i += c.match(dicts, rs[i:min(i+ccWindow, len(rs))])
		}
	}
}

// match replaces the dictionary key at the start of w, if any, and returns
// its length (1 when there is none).
func (c *converter) match(dicts []ccDict, w []rune) int {
	r := w[0]
	if r < 0x80 {
		return 1 // no dictionary has ASCII keys; the common case in mixed text
	}
	for i := range dicts {
		d := &dicts[i]
		if r >= bmp || d.isFirst[r/64]&(1<<(r%64)) != 0 {
			for _, e := range d.multi[r] {
				if len(e.key) <= len(w) && runesHavePrefix(w, e.key) {
					copy(w, e.val)
					return len(e.key)
				}
			}
		}
		var v rune
		if r < bmp {
			v = d.single[r]
		} else {
			v = d.astral[r]
		}
		if v != 0 {
			w[0] = v
			return 1
		}
	}
	return 1
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
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case r >= 0x4E00 && r <= 0x9FFF:
		return r // CJK Unified Ideographs: no width, no case
	}
	if f := width.LookupRune(r).Folded(); f != 0 {
		r = f
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
	rs = slices.DeleteFunc(rs, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(docNumberDrop, r) })
	// Drop 第 before a digit and 年 between digits (or before 第) until none
	// is left, so that the key of a key is the key (FuzzNormalizeDocNumber
	// found "第第0").
	for {
		n := len(rs)
		out := rs[:0]
		for i, r := range rs {
			switch {
			case r == '第' && i+1 < len(rs) && isDigit(rs[i+1]):
				continue
			case r == '年' && len(out) > 0 && isDigit(out[len(out)-1]) && i+1 < len(rs) && (isDigit(rs[i+1]) || rs[i+1] == '第'):
				continue
			}
			out = append(out, r)
		}
		rs = out
		if len(rs) == n {
			return string(rs)
		}
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
