package law

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gazette/cmd/gazette/internal/zh"
)

// TitleKey returns the key under which a title is looked up: folded
// (script, width, case: zh.Fold), without white space, book-title marks
// and quotes, without the 中華人民共和國 or 中華民國 that a short title
// leaves out, and without a closing note in brackets that holds a digit
// or names a version (（2019年修正）, （新 84.08.09 制定）, （試行）) — so that
// 《中华人民共和国种子法》, 《種子法》 and 种子法（2021年修正） give one key,
// and 若干问题的解释（二） keeps its number.
func TitleKey(title string) string {
	f := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("《》〈〉“”「」『』\"'", r) {
			return -1
		}
		return r
	}, zh.Fold(title))
	for _, p := range []string{"中华人民共和国", "中华民国"} {
		if rest, ok := strings.CutPrefix(f, p); ok && rest != "" {
			f = rest
		}
	}
	for {
		k := strings.LastIndexByte(f, '(')
		if k <= 0 || !strings.HasSuffix(f, ")") {
			return f
		}
		note := f[k+1 : len(f)-1]
		if !strings.ContainsAny(note, "0123456789") && !containsAny(note, "修正", "修订", "修改", "制定", "试行", "草案", "公布", "施行") {
			return f
		}
		f = f[:k]
	}
}

func containsAny(s string, subs ...string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// An Index is the archive as Resolve sees it: the documents by title and
// by 文號.
type Index interface {
	// Titled returns the documents whose title's TitleKey is key.
	Titled(key string) []Version
	// Numbered returns the documents whose 文號's zh.DocNumberKey is key.
	Numbered(key string) []Version
}

// A Version is one document of the archive, as a citation finds it.
type Version struct {
	ID       string    // the caller's name for it: its 索引號, its path
	Date     time.Time // when it takes effect: its 施行日期, else its 發布日期
	Articles []string  // its articles' anchors (Doc.Anchors)
}

// A Status says how a citation resolved.
type Status uint8

const (
	Linked     Status = iota
	Unresolved        // no document has the title or the 文號
	Ambiguous         // several documents have it, none in force before the others
	NoArticle         // the document is there, the article cited is not
)

// A Link is where a citation leads.
type Link struct {
	Status  Status
	ID      string // the document, when Linked or NoArticle
	Article string // the article's anchor, "" for the document
	// Span is the text to make the link: the citation's, or for a title
	// or 文號 found among the words before it, from where it starts.
	Span       Span
	Candidates []Version // when Ambiguous
}

// Resolve finds the document and article a citation cites, as of the
// citing document from (its ID, date and articles): Self and Bare
// citations cite from itself. Among several versions of one title it takes
// the one in force on from.Date — the latest that took effect by then, or
// where none had, the earliest. A citation of an article the document does
// not have is NoArticle, never a link to the document's top.
func Resolve(ix Index, c Citation, from Version) Link {
	l := Link{Span: c.Span, Article: c.Article.Anchor()}
	var vs []Version
	switch c.Kind {
	case Self, Bare:
		vs = []Version{from}
	case ByTitle:
		vs = ix.Titled(c.Key)
	case ByName, ByNumber:
		vs, l.Span = bySuffix(ix, c)
	}
	if len(vs) == 0 {
		l.Status = Unresolved
		return l
	}
	v, ok := inForce(vs, from.Date)
	if !ok {
		l.Status, l.Candidates = Ambiguous, vs
		return l
	}
	l.ID = v.ID
	if l.Article != "" && !contains(v.Articles, l.Article) {
		l.Status = NoArticle
	}
	return l
}

// bySuffix looks up the longest ending of a citation's Name (of two
// characters or more) that names a document: the words before a title or
// a 文號 in running text (依考試法, 根据长府发) are not part of it.
func bySuffix(ix Index, c Citation) ([]Version, Span) {
	span := c.Span
	var found []Version
	c.suffixes(func(k int, key string) bool {
		var vs []Version
		if c.Kind == ByNumber {
			vs = ix.Numbered(key)
		} else {
			vs = ix.Titled(key)
		}
		if len(vs) == 0 {
			return true
		}
		if c.nameAt >= 0 {
			span.Start = c.nameAt + k
		}
		found = vs
		return false
	})
	return found, span
}

// suffixes calls f with each ending of the citation's Name of two
// characters or more, longest first, and the key it is looked up by, until
// f returns false.
func (c Citation) suffixes(f func(k int, key string) bool) {
	for k := 0; k < len(c.Name); {
		rest := c.Name[k:]
		if utf8.RuneCountInString(rest) < 2 {
			return
		}
		key := TitleKey(rest)
		if c.Kind == ByNumber {
			key = zh.DocNumberKey(rest)
		}
		if !f(k, key) {
			return
		}
		_, w := utf8.DecodeRuneInString(rest)
		k += w
	}
}

// Lookups lists every key Resolve may look the citation up by in an
// Index: its Key for ByTitle (Titled), the keys of its Name's endings for
// ByName (Titled) and ByNumber (Numbered), none for Self and Bare. What
// Resolve returns depends on the Index only through them, so a caller
// that keeps links can tell when one must be made again.
func (c Citation) Lookups() []string {
	switch c.Kind {
	case ByTitle:
		return []string{c.Key}
	case ByName, ByNumber:
		var keys []string
		c.suffixes(func(_ int, key string) bool { keys = append(keys, key); return true })
		return keys
	}
	return nil
}

// inForce picks the version in force at date: the latest that took effect
// by then, else the earliest; ok is false when two documents tie.
func inForce(vs []Version, date time.Time) (Version, bool) {
	vs = append([]Version(nil), vs...)
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].Date.Before(vs[j].Date) })
	k := len(vs) - 1
	if !date.IsZero() {
		k = sort.Search(len(vs), func(i int) bool { return vs[i].Date.After(date) }) - 1
		if k < 0 {
			k = 0
		}
	}
	for i := range vs {
		if i != k && vs[i].Date.Equal(vs[k].Date) && vs[i].ID != vs[k].ID {
			return Version{}, false
		}
	}
	return vs[k], true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// An Archive is an Index held in memory: the documents added to it by
// their titles and 文號.
type Archive struct {
	titled, numbered map[string][]Version
}

// NewArchive returns an empty Archive.
func NewArchive() *Archive {
	return &Archive{titled: map[string][]Version{}, numbered: map[string][]Version{}}
}

// Add adds a document by its title and 文號 ("" for none). Its Version's
// Date is the day it takes effect: its 施行日期 (effective) where it has
// one, else its 發布日期 (published).
func (a *Archive) Add(title, number, id string, effective, published time.Time, articles []string) {
	v := Version{ID: id, Date: EffectiveDate(effective, published), Articles: articles}
	if k := TitleKey(title); k != "" {
		a.titled[k] = append(a.titled[k], v)
	}
	if number != "" {
		k := zh.DocNumberKey(number)
		a.numbered[k] = append(a.numbered[k], v)
	}
}

// EffectiveDate is the date a citation takes a document's version by:
// the day it takes effect, or where that is not given, the day it was
// published.
func EffectiveDate(effective, published time.Time) time.Time {
	if !effective.IsZero() {
		return effective
	}
	return published
}

// Titled returns the documents added with a title of key.
func (a *Archive) Titled(key string) []Version { return a.titled[key] }

// Numbered returns the documents added with a 文號 of key.
func (a *Archive) Numbered(key string) []Version { return a.numbered[key] }
