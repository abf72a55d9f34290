package feeds

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
)

// month is the feed items published in one calendar month of the site time
// zone: one archive document (see the package doc, "The archive").
type month struct {
	year int
	mon  time.Month
	docs []*content.Document // newest publication date first, then URL
}

// path is the archive's site path.
func (m month) path() string { return fmt.Sprintf("/feeds/archive/%04d/%02d.xml", m.year, m.mon) }

// label names the month for people; the same in both scripts.
func (m month) label() string { return fmt.Sprintf("%d年%d月", m.year, m.mon) }

// yearPage is the HTML page that lists the month's documents, among its year's.
func (m month) yearPage() string { return fmt.Sprintf("/archive/%d/", m.year) }

// months groups the site's feed items by month of publication, oldest
// month first.
func months(site *content.Site) []month {
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	byMonth := map[[2]int]*month{}
	for _, d := range site.Documents {
		if !IsItem(d) {
			continue
		}
		t := d.Date.In(loc)
		k := [2]int{t.Year(), int(t.Month())}
		m, ok := byMonth[k]
		if !ok {
			m = &month{year: t.Year(), mon: t.Month()}
			byMonth[k] = m
		}
		m.docs = append(m.docs, d)
	}
	out := make([]month, 0, len(byMonth))
	for _, m := range byMonth {
		slices.SortFunc(m.docs, func(a, b *content.Document) int {
			return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.URL, b.URL))
		})
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b month) int { return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.mon, b.mon)) })
	return out
}

// prevArchive is the site path of the archive a feed's Atom links to as
// rel="prev-archive": the newest, from the site feed only ("" otherwise).
func (b *builder) prevArchive(s spec) string {
	if s.base != "/" || len(b.months) == 0 {
		return ""
	}
	return b.months[len(b.months)-1].path()
}

// archiveJobs returns one job per archive. Its key covers what it shows:
// its words, its updated time, its neighbours' paths and the stamps of its
// documents.
func (b *builder) archiveJobs(base [32]byte, stamps map[*content.Document][32]byte) []publish.Job {
	jobs := make([]publish.Job, 0, len(b.months))
	for i, m := range b.months {
		prev, next := b.neighbours(i)
		h := sha256.New()
		h.Write(base[:])
		for _, s := range []string{"archive", m.path(), b.archiveTitle(m), prev, next, b.updatedOf(m.docs).Format(time.RFC3339Nano)} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		for _, d := range m.docs {
			st := stamps[d]
			h.Write(st[:])
		}
		path := strings.TrimPrefix(m.path(), "/")
		jobs = append(jobs, publish.Job{
			Paths: []string{path},
			Key:   [32]byte(h.Sum(nil)),
			Make: func() ([]publish.File, error) {
				data, err := b.archive(i)
				if err != nil {
					return nil, fmt.Errorf("archive %s: %w", m.path(), err)
				}
				return []publish.File{{Path: path, Data: data}}, nil
			},
		})
	}
	return jobs
}

// neighbours are the site paths of the archives before and after the i-th
// ("" where there is none).
func (b *builder) neighbours(i int) (prev, next string) {
	if i > 0 {
		prev = b.months[i-1].path()
	}
	if i+1 < len(b.months) {
		next = b.months[i+1].path()
	}
	return prev, next
}

func (b *builder) archiveTitle(m month) string {
	return wordsFor(b.cfg.Language).archive + " " + m.label() + " - " + b.cfg.Title
}

// archive writes the i-th archive document, Atom only: RFC 5005 defines
// archives for Atom, and one format keeps every document's full text on
// disk once more, not three times.
func (b *builder) archive(i int) ([]byte, error) {
	m := b.months[i]
	title := clean(b.archiveTitle(m))
	f := &feeds.Feed{
		Title:       title,
		Link:        &feeds.Link{Href: absURL(b.cfg.BaseURL, m.yearPage()), Rel: "alternate", Type: "text/html"},
		Description: title,
		Author:      &feeds.Author{Name: clean(b.cfg.Organ.Name)},
		Updated:     b.updatedOf(m.docs),
	}
	entries, err := b.entries(f, m.docs, true)
	if err != nil {
		return nil, err
	}
	links := []feeds.AtomLink{{Href: absURL(b.cfg.BaseURL, "/atom.xml"), Rel: "current", Type: "application/atom+xml"}}
	prev, next := b.neighbours(i)
	if prev != "" {
		links = append(links, feeds.AtomLink{Href: absURL(b.cfg.BaseURL, prev), Rel: "prev-archive", Type: "application/atom+xml"})
	}
	if next != "" {
		links = append(links, feeds.AtomLink{Href: absURL(b.cfg.BaseURL, next), Rel: "next-archive", Type: "application/atom+xml"})
	}
	return b.atomOf(f, entries, absURL(b.cfg.BaseURL, m.path()), atomExtra{
		id:      absURL(b.cfg.BaseURL, "/"), // the site feed's: one logical feed
		links:   links,
		archive: true,
	})
}
