package law

import (
	"strings"
	"time"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// findSignature finds the 落款 at the end of a body: a date alone on its
// line (2025年3月10日, 二〇二五年三月十日, 中華民國114年3月10日), with the
// lines just above it that name organs (short, no sentence punctuation),
// followed by nothing but notes in brackets ((此件公開發布)) and a list
// of attachments under a 附件 heading.
func findSignature(s string) *Signature {
	l := readLine(s, strings.LastIndexByte(s, '\n')+1, len(s))
	ok := true
	up := func() { // to the line above
		if ok = l.start > 0; ok {
			l = readLine(s, strings.LastIndexByte(s[:l.start-1], '\n')+1, l.start-1)
		}
	}
	skipBlank := func() {
		for ok && l.blank() {
			up()
		}
	}
	skipBlank()
	// A trailing list of attachments, under its heading.
	last := l
	for ok && (l.blank() || listItem(s[l.text:l.end])) {
		up()
	}
	if !ok || l.start == last.start || l.level == 0 || !strings.HasPrefix(s[l.text:l.end], "附件") {
		l, ok = last, true
	} else {
		up()
		skipBlank()
	}
	for ok && note(s[l.text:l.end]) {
		up()
		skipBlank()
	}
	if !ok || l.level > 0 || l.skip {
		return nil
	}
	date, isDate := parseDate(s[l.text:l.end])
	if !isDate {
		return nil
	}
	sig := &Signature{Span: Span{l.text, l.end}, Date: date}
	for n := 0; n < 5; n++ {
		up()
		skipBlank()
		if !ok || l.level > 0 || l.skip || !organ(s[l.text:l.end]) {
			break
		}
		sig.Span.Start = l.text
		sig.Organs = append([]string{s[l.text:l.end]}, sig.Organs...)
	}
	return sig
}

// organ says whether a line may name an issuing organ (or a signer): a
// few words, no sentence.
func organ(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > 30 || strings.ContainsAny(t, "。，；：？！,;:?!《》") {
		return false
	}
	if strings.HasPrefix(t, "特此") || strings.HasPrefix(t, "此复") || strings.HasPrefix(t, "此復") || listItem(t) {
		return false
	}
	if _, ok := readHead(t); ok {
		return false
	}
	if st, _ := itemMark(t); st != noItem {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	return r >= 0x4e00 && r <= 0x9fff
}

func listItem(t string) bool {
	return strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "+ ")
}

// note says whether a line is a remark in brackets: （此件公開發布）.
func note(t string) bool {
	return (strings.HasPrefix(t, "（") && strings.HasSuffix(t, "）") || strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")")) &&
		utf8.RuneCountInString(t) <= 60
}

// parseDate reads a line that is only a date.
func parseDate(t string) (time.Time, bool) {
	minguo := false
	for _, p := range []string{"中華民國", "中华民国"} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			t, minguo = strings.TrimLeft(rest, " \u3000"), true
		}
	}
	var ymd [3]int
	for k, u := range []string{"年", "月", "日"} {
		n, w := zh.Numeral(t)
		if w == 0 {
			return time.Time{}, false
		}
		t = strings.TrimLeft(t[w:], " \u3000")
		rest, ok := strings.CutPrefix(t, u)
		if !ok {
			return time.Time{}, false
		}
		ymd[k], t = n, strings.TrimLeft(rest, " \u3000")
	}
	if minguo {
		ymd[0] += 1911
	}
	if t != "" || ymd[0] < 1900 || ymd[0] > 2200 || ymd[1] < 1 || ymd[1] > 12 || ymd[2] < 1 || ymd[2] > 31 {
		return time.Time{}, false
	}
	d := time.Date(ymd[0], time.Month(ymd[1]), ymd[2], 0, 0, 0, 0, time.UTC)
	if d.Day() != ymd[2] {
		return time.Time{}, false // 2月30日
	}
	return d, true
}
