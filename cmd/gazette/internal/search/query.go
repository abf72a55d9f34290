package search

import (
	"errors"
	"fmt"
	"gazette/cmd/gazette/internal/zh"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on a query; see the package comment.
const (
	// MaxQueryRunes bounds the query text: a query is a phrase per word, and
	// 256 characters is longer than any title a person types or pastes.
	MaxQueryRunes = 256
	// DefaultSize and MaxSize bound a results page: every hit loads its
	// stored body for the snippet.
	DefaultSize = 10
	MaxSize     = 50
	// MaxWindow bounds how deep pagination goes ((page-1)×size + size), as
	// collecting deep pages costs memory on every search.
	MaxWindow = 10000
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// Where the words are looked for (Query.In): the default is everywhere.
const (
	InAll    = "all"    // title, 文號/索引號, organ, year and body
	InTitle  = "title"  // the title only
	InNumber = "number" // the 文號 and 索引號 only
)

// Sections a document can be in.
var sections = []string{"gazette", "briefings", "news", "pages", "reports"}

// Validities a document can have (always in these spellings).
var validities = []string{"有效", "已修改", "廢止", "失效"}

// ErrBadQuery is wrapped by every error that a bad query parameter causes,
// so that a server can answer 400.
var ErrBadQuery = errors.New("bad query")

// A QueryError reports an invalid query parameter. It wraps ErrBadQuery.
type QueryError struct {
	Param string // URL parameter name
	Value string
	Msg   string
}

func (e *QueryError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("parameter %s: %s", e.Param, e.Msg)
	}
	return fmt.Sprintf("parameter %s=%q: %s", e.Param, e.Value, e.Msg)
}

func (e *QueryError) Unwrap() error { return ErrBadQuery }

// Query is one search: text, filters, order and page. The zero value of a
// field means "any" (filters), relevance (Sort), page 1 and DefaultSize.
type Query struct {
	Text                                      string
	In                                        string // InAll (default), InTitle or InNumber
	Section, Organ, Topic, Category, Validity string
	Year                                      int
	From, To                                  time.Time // inclusive days; zero = open
	Sort                                      string    // SortRelevance (default) or SortDate (newest first)
	Page, Size                                int       // 1-based page; Size defaults to DefaultSize, at most MaxSize
}

// ParseQuery reads a Query from URL parameters: q, in, section, organ,
// topic, category, year, validity, from, to (YYYY-MM-DD), sort, page, size.
// A bad value is a *QueryError. Unknown parameters are ignored (a page may
// carry its own).
func ParseQuery(v url.Values) (Query, error) {
	q := Query{
		Text:     v.Get("q"),
		In:       strings.TrimSpace(v.Get("in")),
		Section:  strings.TrimSpace(v.Get("section")),
		Organ:    strings.TrimSpace(v.Get("organ")),
		Topic:    strings.TrimSpace(v.Get("topic")),
		Category: strings.TrimSpace(v.Get("category")),
		Validity: strings.TrimSpace(v.Get("validity")),
		Sort:     strings.TrimSpace(v.Get("sort")),
	}
	var err error
	intParam := func(name string, lo, hi int) int {
		s := strings.TrimSpace(v.Get(name))
		if s == "" || err != nil {
			return 0
		}
		n, e := strconv.Atoi(s)
		if e != nil || n < lo || n > hi {
			err = &QueryError{name, s, fmt.Sprintf("want a whole number from %d to %d", lo, hi)}
		}
		return n
	}
	dateParam := func(name string) time.Time {
		s := strings.TrimSpace(v.Get(name))
		if s == "" || err != nil {
			return time.Time{}
		}
		t, e := time.Parse(time.DateOnly, s)
		if e != nil {
			err = &QueryError{name, s, "want a date as YYYY-MM-DD"}
		}
		return t
	}
	q.Year = intParam("year", 1, 9999)
	q.Page = intParam("page", 1, MaxWindow)
	q.Size = intParam("size", 1, MaxSize)
	q.From = dateParam("from")
	q.To = dateParam("to")
	if err != nil {
		return Query{}, err
	}
	q, err = q.normalize()
	if err != nil {
		return Query{}, err
	}
	return q, nil
}

// normalize checks q and fills in defaults. Search calls it too, so a Query
// built in Go gets the same checks as one parsed from a URL.
func (q Query) normalize() (Query, error) {
	q.Text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.TrimSpace(q.Text))
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryRunes {
		return q, &QueryError{"q", "", fmt.Sprintf("%d characters, at most %d allowed", n, MaxQueryRunes)}
	}
	if q.Section != "" && !contains(sections, q.Section) {
		return q, &QueryError{"section", q.Section, "want one of " + strings.Join(sections, ", ")}
	}
	if q.Validity != "" {
		v, ok := canonicalValidity(q.Validity)
		if !ok {
			return q, &QueryError{"validity", q.Validity, "want one of " + strings.Join(validities, ", ")}
		}
		q.Validity = v
	}
	if q.Year < 0 || q.Year > 9999 {
		return q, &QueryError{"year", strconv.Itoa(q.Year), "want a year from 1 to 9999"}
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, &QueryError{"to", q.To.Format(time.DateOnly), "before from=" + q.From.Format(time.DateOnly)}
	}
	switch q.In {
	case "":
		q.In = InAll
	case InAll, InTitle, InNumber:
	default:
		return q, &QueryError{"in", q.In, "want all, title or number"}
	}
	switch q.Sort {
	case "":
		q.Sort = SortRelevance
	case SortRelevance, SortDate:
	default:
		return q, &QueryError{"sort", q.Sort, "want relevance or date"}
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Size == 0 {
		q.Size = DefaultSize
	}
	if q.Size < 0 || q.Size > MaxSize {
		return q, &QueryError{"size", strconv.Itoa(q.Size), fmt.Sprintf("want a whole number from 1 to %d", MaxSize)}
	}
	if q.Page < 0 {
		return q, &QueryError{"page", strconv.Itoa(q.Page), "want a positive page"}
	}
	if q.Page*q.Size > MaxWindow {
		return q, &QueryError{"page", strconv.Itoa(q.Page), fmt.Sprintf("results beyond the first %d are not available; narrow the search", MaxWindow)}
	}
	return q, nil
}

// canonicalValidity accepts a validity in either script.
func canonicalValidity(s string) (string, bool) {
	for _, v := range validities {
		if s == v || zh.DocNumberKey(s) == zh.DocNumberKey(v) {
			return v, true
		}
	}
	return "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Values is the inverse of ParseQuery: the URL parameters that give q, without
// defaults (so that links stay short).
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", q.Text)
	if q.In != InAll {
		set("in", q.In)
	}
	set("section", q.Section)
	set("organ", q.Organ)
	set("topic", q.Topic)
	set("category", q.Category)
	set("validity", q.Validity)
	if q.Year != 0 {
		v.Set("year", strconv.Itoa(q.Year))
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.Format(time.DateOnly))
	}
	if q.Sort != "" && q.Sort != SortRelevance {
		v.Set("sort", q.Sort)
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.Size != 0 && q.Size != DefaultSize {
		v.Set("size", strconv.Itoa(q.Size))
	}
	return v
}
