package content

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in one file, at a line and column of that file
// (0 when not known).
type Error struct {
	Path      string // as shown to the editor: "content/news/2025/x.md"
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return Pos(e.Path, e.Line, e.Col) + ": " + e.Msg }

// Pos is a place in a file as compilers print it and editors jump to it:
// "path:line:col", or "path:line" when the column is not known, or "path"
// when the line is not.
func Pos(path string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d", path, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d", path, line)
	}
	return path
}

// ErrorList is every error of a load, sorted by file and line.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// suggest returns the allowed name closest to name, or "".
func suggest(name string, allowed []string) string {
	if s, ok := synonyms[strings.ToLower(name)]; ok && slices.Contains(allowed, s) {
		return s
	}
	best, bestD := "", 3
	for _, a := range allowed {
		if d := distance(strings.ToLower(name), a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

// synonyms maps names editors reach for, in English and Chinese, to fields.
var synonyms = map[string]string{
	"dept": "organ", "department": "organ", "issuer": "organ", "publisher": "organ", "author": "organ",
	"number": "doc_number", "docnumber": "doc_number", "doc_no": "doc_number", "docno": "doc_number",
	"index": "index_number", "indexnumber": "index_number",
	"published": "date", "pubdate": "date", "publish_date": "date",
	"written_date": "written", "signed": "written",
	"effective_date": "effective", "status": "validity", "subject": "topic", "type": "category",
	"attachment": "attachments", "files": "attachments", "alias": "aliases", "tag": "tags",
	"標題": "title", "标题": "title", "文號": "doc_number", "文号": "doc_number",
	"索引號": "index_number", "索引号": "index_number", "發布機構": "organ", "发布机构": "organ",
	"成文日期": "written", "發布日期": "date", "发布日期": "date", "施行日期": "effective",
	"主題分類": "topic", "主题分类": "topic", "有效性": "validity", "附件": "attachments",
	"來源": "source", "来源": "source", "摘要": "summary",
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int { return runeDistance([]rune(a), []rune(b)) }

func runeDistance(ra, rb []rune) int {
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
