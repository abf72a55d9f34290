package content

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Kind is what a file is, decided by where it sits under content/.
type Kind int

const (
	KindIssue Kind = iota + 1
	KindGazette
	KindBriefing
	KindNews
	KindPage
	KindReport
)

func (k Kind) String() string {
	switch k {
	case KindIssue:
		return "gazette issue"
	case KindGazette:
		return "gazette document"
	case KindBriefing:
		return "briefing"
	case KindNews:
		return "news item"
	case KindPage:
		return "page"
	case KindReport:
		return "report"
	}
	return "unknown"
}

// Validity values (有效性).
const (
	Valid    = "有效"
	Amended  = "已修改"
	Repealed = "廢止"
	Expired  = "失效"
)

// Document is one source file on its way through the build. The content
// stage fills it, and from then on it does not change: what the later
// stages learn of it (a summary where the front matter has none, its
// length, its issue's PDF) is looked up in the build's Facts, and its
// rendered body is kept by the render stage, by Hash.
type Document struct {
	Path    string // path under content/, slash-separated: "gazette/2025/01/x.md"
	Kind    Kind
	Section string // gazette, briefings, news or pages
	Slug    string
	URL     string // site-absolute path with a trailing slash: "/gazette/2025/01/x/"

	Title, Summary string
	Date           time.Time // 發布日期; zero for pages
	Written        time.Time // 成文日期
	Effective      time.Time // 施行日期
	Expires        time.Time
	DocNumber      string // 文號
	IndexNumber    string // 索引號, given or generated
	Organ          string // as written, like Category and Topic (see OrganName)
	Category       string
	Topic          string
	Validity       string // as of Options.Now: expires has been applied
	Amends         []string
	Repeals        []string
	SupersededBy   string
	Previous       string // the version of the same work this one follows: 文號 or path
	Interprets     string
	Attachments    []Attachment
	Images         []Attachment // files beside the Markdown that its body shows as images: published, not listed
	History        []Revision   // newest first
	Aliases        []string
	Tags           []string
	Draft          bool
	Lang           string // the document's script; the site's when not given
	Source         string
	Normative      bool      // 行政規範性文件: a legal status, not a 文種
	RepealedOn     time.Time // 廢止日期, for a repeal the archive does not hold

	// The names the site groups the document under — organ and topic
	// pages and feeds, an issue's contents, facets, open data — one for
	// every spelling of a name (see Config.Organs and Names).
	OrganName, CategoryName, TopicName string

	// FrontMatter is an annual report's front matter as written
	// (KindReport): package report reads its data field, which holds the
	// national format's figures. Its lines are the file's less one
	// (FrontMatterLine).
	FrontMatter []byte

	// Issue fields (KindIssue); Year is also a report's year (KindReport),
	// from its file name.
	Year, Number, Serial int         // Number is the 期號, or for an extra edition its number among the year's extras; Serial is 0 for an extra
	Extra                bool        // an extra edition (增刊): outside the 期號 and 總期號 numbering
	Gap                  string      // why the issues before this one are missing from the archive, when they are
	PDF                  *Attachment // the whole issue as one PDF, when the editor gives it (pdf:); the one the build makes is in Facts

	Body     []byte // Markdown after the front matter, LF line endings; nil when loaded with LeaveBodies
	BodyLine int    // line of the file on which Body starts
	Hash     string // hex SHA-256 of the file's bytes

	// Relations, resolved between published documents only.
	Issue           *Document   // the issue a gazette document belongs to
	Documents       []*Document // an issue's documents, in category then path order
	RepealedBy      []*Document
	AmendedBy       []*Document
	Supersedes      []*Document
	SupersededByDoc *Document
	RepealsDocs     []*Document
	AmendsDocs      []*Document
	InterpretsDoc   *Document
	Interpretations []*Document
	PreviousDoc     *Document   // the version this one follows (previous:)
	NextVersions    []*Document // the versions that name this one previous:

	attachmentNames []string
	imageNames      []string // bare file names the body shows as images (bodyImages)
	pdfName         string
	lines           map[string]int // front-matter field → file line
}

// Attachment is a file published beside a document.
type Attachment struct {
	Name string // file name as given
	Path string // path under content/
	URL  string // site-absolute URL
	Size int64
	Type string // MIME type
	// Pages is the page count of a PDF, when the build has read it; 0 otherwise.
	Pages int
	// Cover is the site path of an image of an issue PDF's first page, when
	// the build drew one (the PDFs it makes).
	Cover string
}

// Revision is one entry of a document's history (更正/修訂記錄).
type Revision struct {
	Date time.Time
	Note string
}

// Updated is the newest history date, or the publication date.
func (d *Document) Updated() time.Time {
	if len(d.History) > 0 && d.History[0].Date.After(d.Date) {
		return d.History[0].Date
	}
	return d.Date
}

// ExpiresAt is the instant the document turns 失效, or zero. expires names
// the last day it is in force ("有效期至2025年12月31日"), so a date without a
// time of day expires when the next day begins, in the site's time zone;
// a date with a time expires at that instant.
func (d *Document) ExpiresAt() time.Time {
	e := d.Expires
	if e.IsZero() {
		return e
	}
	if h, m, s := e.Clock(); h == 0 && m == 0 && s == 0 && e.Nanosecond() == 0 {
		return e.AddDate(0, 0, 1)
	}
	return e
}

// IssueLabel names an issue within its year: 第3期, or 增刊1 for an extra
// edition.
func (d *Document) IssueLabel() string {
	if d.Extra {
		return fmt.Sprintf("增刊%d", d.Number)
	}
	return fmt.Sprintf("第%d期", d.Number)
}

// ShortURL is the permanent short link /d/<索引號>/, or "" without an 索引號.
func (d *Document) ShortURL() string {
	if d.IndexNumber == "" {
		return ""
	}
	return "/d/" + URLSafe(d.IndexNumber) + "/"
}

// IsDisclosure reports whether the document carries disclosure metadata.
func (d *Document) IsDisclosure() bool {
	return d.Kind == KindGazette || d.Kind == KindBriefing || d.Kind == KindNews
}

// TermURL is the page of an organ or topic: TermURL("organs", "國務院") is
// "/organs/國務院/". Characters that cannot sit in one path segment become "-".
func TermURL(kind, name string) string {
	seg := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == '?' || r == '#' || r == '%' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return '-'
		}
		return r
	}, name)
	if seg == "." || seg == ".." || seg == "" {
		seg = "-"
	}
	return "/" + kind + "/" + seg + "/"
}

// FrontMatterLine is the file line of line n of a document's front matter
// (as a YAML parser of Document.FrontMatter counts them): the front matter
// starts on the file's second line.
func FrontMatterLine(n int) int { return n + 1 }
