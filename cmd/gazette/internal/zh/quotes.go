package zh

import "strings"

// Quotes writes a text's quotation marks as its script's readers expect
// them: mainland Simplified text quotes with “” and ‘’, Traditional text
// with 「」 and 『』 (zh-Hant: the conventions of Taiwan and Hong Kong, and
// of this site's Traditional pages). OpenCC's t2s and s2t leave quotation
// marks as they are, so the copy of a page in the other script converts
// them with this beside the characters.
//
// Into Traditional, ’ between two letters or digits is an apostrophe
// (don’t, 1990’s), not a closing mark, and is kept.
func Quotes(s, lang string) string {
	if lang == "zh-Hans" {
		return toCurly.Replace(s)
	}
	if !strings.ContainsAny(s, "“”‘’") {
		return s
	}
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '“':
			rs[i] = '「'
		case '”':
			rs[i] = '」'
		case '‘':
			rs[i] = '『'
		case '’':
			if i == 0 || i == len(rs)-1 || !isAlnum(rs[i-1]) || !isAlnum(rs[i+1]) {
				rs[i] = '』'
			}
		}
	}
	return string(rs)
}

var toCurly = strings.NewReplacer("「", "“", "」", "”", "『", "‘", "』", "’")

func isAlnum(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z')
}
