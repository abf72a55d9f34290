// Package zh holds the rules of Chinese text that every stage shares: the
// conversion between Traditional and Simplified characters (OpenCC's t2s
// and s2t dictionaries), the folding under which two spellings of one text
// are the same text (script, width, case), and the key under which two
// spellings of one 文號 are the same 文號, and numerals read and written in
// either system (十二 ⇄ 12, 第五條之一 ⇄ 第 5-1 條). content and check use it
// to find one document number or one organ written two ways, search to
// match either script and either numeral, law to number articles, the
// build to write the site in both scripts.
package zh

import (
	"fmt"
	"sort"
	"sync"

	"github.com/longbridgeapp/opencc"
)

// A Converter is an OpenCC conversion (t2s or s2t), rebuilt from the
// dictionaries opencc.New loads into a form that converts in place, without
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
// Every entry kept maps a key to a value of the same number of runes, which
// makes conversion length-preserving: rune i of a folded text is rune i of
// the original, so matches found in folded text map back to the original
// script. newConverter drops any entry that would break this: none of t2s,
// a handful of s2t's multi-character phrases (TestS2TDrops counts them).
type Converter struct {
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

// PhraseWindow is how many runes OpenCC looks ahead for a dictionary key:
// a text cut into pieces converts as a whole when the pieces overlap by as
// much.
const PhraseWindow = 10

const ccWindow = PhraseWindow

// Both conversions keep the standard characters of the other script and
// change no vocabulary: t2s and s2t, not tw2sp or s2twp, whose phrase
// tables turn mainland terms into Taiwan ones (软件 into 軟體) and back.
// Official texts are converted character for character, with the phrase
// tables only where one character has several forms (头发 → 頭髮, 发展 → 發展).
var (
	t2s = lazy("t2s")
	s2t = lazy("s2t")
)

// T2S returns the shared, immutable Traditional→Simplified converter,
// building it on first use.
func T2S() (*Converter, error) { return t2s() }

// S2T returns the shared Simplified→Traditional converter.
func S2T() (*Converter, error) { return s2t() }

// To returns the converter into script lang (zh-Hans or zh-Hant).
func To(lang string) (*Converter, error) {
	if lang == "zh-Hans" {
		return t2s()
	}
	return s2t()
}

func lazy(config string) func() (*Converter, error) {
	var (
		once sync.Once
		c    *Converter
		err  error
	)
	return func() (*Converter, error) {
		once.Do(func() {
			cc, e := opencc.New(config)
			if e != nil {
				err = fmt.Errorf("loading opencc %s: %w", config, e)
				return
			}
			c, err = newConverter(cc, config)
		})
		return c, err
	}
}

func newConverter(cc *opencc.OpenCC, config string) (*Converter, error) {
	c := &Converter{}
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
		return nil, fmt.Errorf("opencc %s has no dictionaries", config)
	}
	return c, nil
}

// Runes converts rs in place.
func (c *Converter) Runes(rs []rune) {
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
func (c *Converter) match(dicts []ccDict, w []rune) int {
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

// String returns s converted.
func (c *Converter) String(s string) string {
	rs := []rune(s)
	c.Runes(rs)
	return string(rs)
}
