package console

import (
	"cmp"
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/record"
	"gazette/cmd/gazette/internal/zh"
)

// staff is the staff's own index: every document of the published branch —
// drafts (draft: true) and embargoed ones included — loaded from the
// record, kept in memory, served by the console alone. It follows the
// published branch, reading only the files a sign-off changed.
type staff struct {
	repo *record.Repo
	now  func() time.Time

	mu    sync.Mutex // one load at a time
	cache *content.Cache
	cur   atomic.Pointer[staffIndex]
}

type staffIndex struct {
	tree   plumbing.Hash
	cfg    content.Config
	docs   []staffDoc  // newest first
	issues []issueInfo // newest first
}

// staffDoc is a document as the staff search shows it.
type staffDoc struct {
	Path, URL, Title, DocNumber, Organ, Section string
	Date                                        time.Time
	Draft                                       bool // draft: true
	Embargoed                                   bool // dated after now

	key    string // title, 文號, 索引號, organ and path, folded
	numKey string // zh.DocNumberKey of the 文號
}

func newStaff(repo *record.Repo, now func() time.Time) *staff {
	return &staff{repo: repo, now: now, cache: content.NewCache()}
}

// index is the index of the published head, loaded when the head moved.
func (st *staff) index(ctx context.Context) (*staffIndex, error) {
	tree, err := st.repo.HeadTree()
	if err != nil {
		return nil, err
	}
	if cur := st.cur.Load(); cur != nil && cur.tree == tree {
		return cur, nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	cur := st.cur.Load()
	if cur != nil && cur.tree == tree {
		return cur, nil
	}
	var changed []string
	if cur != nil {
		if changed, err = st.repo.Changed(cur.tree, tree); err != nil {
			return nil, err
		}
	}
	s, err := content.Load(ctx, st.repo.TreeFS(tree), content.Options{Now: st.now(), Drafts: true, Partial: true,
		Cache: st.cache, Watched: true, Changed: changed, LeaveBodies: true})
	if s == nil {
		st.cache = content.NewCache()
		return nil, fmt.Errorf("loading the published content: %w", err)
	}
	ix := &staffIndex{tree: tree, cfg: s.Config}
	now := st.now()
	for _, d := range s.All {
		sd := staffDoc{Path: d.Path, URL: d.URL, Title: d.Title, DocNumber: d.DocNumber, Organ: d.Organ, Section: d.Section,
			Date: d.Date, Draft: d.Draft, Embargoed: d.Date.After(now)}
		sd.key = zh.Fold(strings.Join([]string{d.Title, d.DocNumber, d.IndexNumber, d.Organ, d.Path}, "\x00"))
		if d.DocNumber != "" {
			sd.numKey = zh.DocNumberKey(d.DocNumber)
		}
		ix.docs = append(ix.docs, sd)
		if d.Kind == content.KindIssue {
			ix.issues = append(ix.issues, issueInfo{Year: d.Year, Folder: path.Base(path.Dir(d.Path)), Title: d.Title})
		}
	}
	slices.SortFunc(ix.docs, func(a, b staffDoc) int { return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.Path, b.Path)) })
	slices.SortFunc(ix.issues, func(a, b issueInfo) int { return cmp.Or(cmp.Compare(b.Year, a.Year), cmp.Compare(b.Folder, a.Folder)) })
	st.cur.Store(ix)
	return ix, nil
}

// refresh loads the index at the start, so the first search is quick.
func (st *staff) refresh(ctx context.Context) { _, _ = st.index(ctx) }

// ready is the index last loaded, without waiting for a load; nil before
// the first.
func (st *staff) ready(context.Context) *staffIndex { return st.cur.Load() }

// match reports whether a document matches a query: every word of it in
// its title, 文號, 索引號, organ or path, in either script, or the query is
// its 文號 in any spelling.
func (d staffDoc) match(words []string, numKey string) bool {
	if numKey != "" && d.numKey == numKey {
		return true
	}
	for _, w := range words {
		if !strings.Contains(d.key, w) {
			return false
		}
	}
	return true
}

// queryWords folds a query into its words.
func queryWords(q string) ([]string, string) {
	words := strings.Fields(zh.Fold(q))
	num := ""
	if strings.TrimSpace(q) != "" {
		num = zh.DocNumberKey(strings.TrimSpace(q))
	}
	return words, num
}

// search pages through the documents matching q, newest first: the page's
// documents and the number of matches.
func (ix *staffIndex) search(q string, page, size int) ([]staffDoc, int) {
	words, num := queryWords(q)
	var out []staffDoc
	total := 0
	from := (page - 1) * size
	for _, d := range ix.docs {
		if !d.match(words, num) {
			continue
		}
		if total >= from && len(out) < size {
			out = append(out, d)
		}
		total++
	}
	return out, total
}

// refs are the documents with a 文號 matching q, for the reference picker.
func (ix *staffIndex) refs(q string, limit int) []staffDoc {
	words, num := queryWords(q)
	var exact, other []staffDoc
	for _, d := range ix.docs {
		if d.DocNumber == "" || !d.match(words, num) {
			continue
		}
		if d.numKey == num {
			exact = append(exact, d)
		} else if len(other) < limit {
			other = append(other, d)
		}
	}
	out := append(exact, other...)
	return out[:min(len(out), limit)]
}
