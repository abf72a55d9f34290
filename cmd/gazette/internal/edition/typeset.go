package edition

import (
	"html"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// titleWidth is how many characters of a title fit on a line: the type
// area (156 mm) in 二號 (22 pt).
const titleWidth = 20

// titleLines cuts a document's title into the lines the page shows, where a
// 公文's title breaks by sense (GB/T 9704—2012: 回行時詞意完整，排列對稱，長短
// 適宜): before 關於 or after it, before the closing 的通知, around a 《》
// title or after a 、, otherwise between two characters — never inside a
// number with its unit (2024—2025年度), a 《》 title or a bracket, nor before
// a closing mark. Of the ways to do that in the fewest lines of at most
// width characters (a digit or a letter counts half), it takes the one
// with the best places and the most even lines.
func titleLines(title string, width float64) []string {
	rs := []rune(title)
	n := len(rs)
	w := make([]float64, n+1) // w[i]: the width of rs[:i]
	for i, r := range rs {
		cw := 1.0
		if r < 0x80 {
			cw = 0.5
		}
		w[i+1] = w[i] + cw
	}
	if w[n] <= width || n < 4 {
		return []string{title}
	}
	cost := breakCosts(rs)
	// The fewest lines that can be, or one more when that breaks in better
	// places (a line costs extraLine).
	var cuts []int
	total := math.Inf(1)
	for lines, first := int(math.Ceil(w[n]/width)), 0; lines <= int(w[n])+1; lines++ {
		c, t := bestCuts(w, cost, lines, width)
		if c == nil {
			continue
		}
		if first == 0 {
			first = lines
		}
		if t += extraLine * float64(lines-first); t < total {
			cuts, total = c, t
		}
		if lines > first {
			break
		}
	}
	if cuts == nil {
		return []string{title}
	}
	out := make([]string, 0, len(cuts)+1)
	prev := 0
	for _, c := range append(cuts, n) {
		out = append(out, string(rs[prev:c]))
		prev = c
	}
	return out
}

// extraLine is what a title's line beyond the fewest costs, against the
// costs of breaks (breakCosts).
const extraLine = 2

// genres are the words a 公文's title ends with, after 的.
var genres = regexp.MustCompile(`的(通知|決定|决定|意見|意见|批復|批复|報告|报告|函|規定|规定|辦法|办法|公告|通告|通報|通报|命令|方案|規劃|规划|細則|细则|條例|条例|請示|请示|紀要|纪要|解讀|解读)$`)

// breakCosts gives the cost of a line break before each rune of a title:
// lower where a break keeps the sense, +Inf where it may not be.
func breakCosts(rs []rune) []float64 {
	n := len(rs)
	cost := make([]float64, n)
	for i := range cost {
		cost[i] = 7 // between two characters: perhaps inside a word
	}
	s := string(rs)
	if loc := genres.FindStringIndex(s); loc != nil {
		cost[utf8.RuneCountInString(s[:loc[0]])] = 0
	}
	inWord := make([]bool, n) // a break before rune i would cut a word
	for _, w := range titleWords {
		for at := 0; ; {
			k := strings.Index(s[at:], w)
			if k < 0 {
				break
			}
			first := utf8.RuneCountInString(s[:at+k])
			for j := first + 1; j < first+utf8.RuneCountInString(w); j++ {
				inWord[j] = true
			}
			at += k + len(w)
		}
	}
	depth := 0 // inside 《》, 〔〕, （）
	for i := 1; i < n; i++ {
		a, b := rs[i-1], rs[i]
		switch a {
		case '《', '〔', '（', '(', '「', '“':
			depth++
		case '》', '〕', '）', ')', '」', '”':
			depth = max(0, depth-1)
		}
		switch {
		case depth > 0, strings.ContainsRune("》〕）)」”、，。；：！？", b), strings.ContainsRune("《〔（(「“", a):
			cost[i] = math.Inf(1)
		case numeric(a) && (numeric(b) || strings.ContainsRune("年月日號号期件個个次屆届", b)),
			strings.ContainsRune("—－-~～", a) || strings.ContainsRune("—－-~～", b):
			cost[i] = math.Inf(1)
		case inWord[i]:
			cost[i] = 12
		case i >= 2 && numeric(rs[i-2]) && strings.ContainsRune("年月", a):
			cost[i] = 9 // 2025年度, 3月份: the unit starts a word
		case b == '關' && i+1 < n && rs[i+1] == '於', b == '关' && i+1 < n && rs[i+1] == '于':
			cost[i] = 0
		case i >= 2 && (rs[i-2] == '關' && a == '於' || rs[i-2] == '关' && a == '于'):
			cost[i] = 1
		case b == '《', a == '》', a == '、':
			cost[i] = 1
		case strings.ContainsRune(wordEnds, a):
			cost[i] = 3
		}
	}
	cost[0] = math.Inf(1)
	return cost
}

// titleWords are words frequent in 公文 titles, in both scripts, that a
// break should not cut: a small stand-in for a dictionary, which would be
// the thing to use for titles of any length and subject.
var titleWords = strings.Fields(`人民政府 辦公廳 办公厅 委員會 委员会 管理局 關於 关于 印發 印发 轉發 转发 做好 加強 加强 進一步 进一步
	推進 推进 開展 开展 做好 實施 实施 意見 意见 決定 决定 通知 辦法 办法 規定 规定 方案 規劃 规划 細則 细则 條例 条例
	措施 工作 管理 服務 服务 安全 保障 建設 建设 發展 发展 改革 環境 环境 營商 营商 優化 优化 信息 公開 公开 政務 政务
	熱線 热线 供熱 供热 供熱期 供热期 後半段 后半段 年度 期間 期间 春節 春节 煙花 烟花 爆竹 燃放 臨時 临时 市場 市场 經濟 经济
	社會 社会 城市 同志 任免 職務 职务 修改 廢止 废止 若干 應急 应急 預案 预案 督查 便民 標準 标准 考核 監督 监督 專項 专项`)

// wordEnds are characters that mostly end a word in a title's Chinese (的,
// 和, 期間, 工作), after which a break is likelier to keep the sense than
// after another.
const wordEnds = "的和與与及等之間间作理施"

func numeric(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z')
}

// bestCuts places lines-1 breaks (rune indexes) so that no line is wider
// than width, minimising the breaks' costs and how far the lines are from
// even, and returns the breaks and that cost; nil when it cannot be done.
func bestCuts(w, cost []float64, lines int, width float64) ([]int, float64) {
	n := len(w) - 1
	even := w[n] / float64(lines)
	inf := math.Inf(1)
	// best[k][i]: the least cost of the first k lines ending before rune i.
	best := make([][]float64, lines+1)
	from := make([][]int, lines+1)
	for k := range best {
		best[k] = make([]float64, n+1)
		from[k] = make([]int, n+1)
		for i := range best[k] {
			best[k][i] = inf
		}
	}
	best[0][0] = 0
	for k := 1; k <= lines; k++ {
		for i := 1; i <= n; i++ {
			if i < n && math.IsInf(cost[i], 1) || k == lines && i != n {
				continue
			}
			for j := 0; j < i; j++ {
				lw := w[i] - w[j]
				if math.IsInf(best[k-1][j], 1) || lw > width {
					continue
				}
				c := best[k-1][j] + (lw-even)*(lw-even)/8
				if i < n {
					c += cost[i]
				}
				if c < best[k][i] {
					best[k][i], from[k][i] = c, j
				}
			}
		}
	}
	if math.IsInf(best[lines][n], 1) {
		return nil, 0
	}
	cuts := make([]int, lines-1)
	for k, i := lines, n; k > 1; k-- {
		i = from[k][i]
		cuts[k-2] = i
	}
	return cuts, best[lines][n]
}

// heading finds the headings a rendered body has.
var heading = regexp.MustCompile(`<h([2-6])((?: [a-z]+="[^"]*")*)>(.*?)</h[2-6]>`)

var (
	chapterHeading  = regexp.MustCompile(`^第[一二三四五六七八九十百零〇0-9]+[編编章節节]`)
	numberedHeading = regexp.MustCompile(`^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[0-9]+[.．、])`)
	tags            = regexp.MustCompile(`<[^>]*>`)
)

// markHeadings gives each heading of a body without a class of its own the
// class that says how a gazette sets it: a 章 or 節 centred (chapter); 一、
// and （一） in the text's indent (numbered); a heading without a number,
// the title of a document the text issues (印發的措施), centred as a title
// on a new page and cut into lines by sense (annex-title).
func markHeadings(body string) string {
	return heading.ReplaceAllStringFunc(body, func(h string) string {
		m := heading.FindStringSubmatch(h)
		if strings.Contains(m[2], ` class="`) {
			return h
		}
		text := strings.TrimSpace(html.UnescapeString(tags.ReplaceAllString(m[3], "")))
		class, inner := "annex-title", m[3]
		switch {
		case chapterHeading.MatchString(text):
			class = "chapter"
		case numberedHeading.MatchString(text):
			class = "numbered"
		case !strings.Contains(inner, "<"):
			// A title, cut where it breaks by sense as the documents' are.
			inner = ""
			for _, l := range titleLines(text, titleWidth) {
				inner += `<span class="line">` + html.EscapeString(l) + `</span>`
			}
		}
		return "<h" + m[1] + m[2] + ` class="` + class + `">` + inner + "</h" + m[1] + ">"
	})
}
