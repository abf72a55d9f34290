package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"gazette/cmd/gazette/internal/zh"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"gazette/cmd/gazette/internal/search/internal/store"
)

// Record is one published document as search sees it (the build converts its
// Document to this).
type Record struct {
	ID                               string // stable id: the document's URL path, e.g. "/gazette/2025/01/heating/"
	URL                              string // the document's page (its path is also its ID)
	Title                            string
	Body                             string // plain text of the body (no markup)
	Section                          string // gazette | briefings | news | pages
	Organ, Topic, Category, Validity string
	DocNumber, IndexNumber           string
	Lang                             string    // zh-Hant | zh-Hans
	Date                             time.Time // publication date (zero for pages)
	Hash                             string    `json:"-"` // Key of the record; equal hash ⇒ unchanged ⇒ not reindexed

	// LoadBody, when set, gives the body instead of Body. Build calls it
	// only for a record it (re)indexes, and lets the body go once it is
	// analysed, so a large build need not hold every body at once.
	LoadBody func() (string, error) `json:"-"`
}

// Key is the key of r for its Hash: the hash of the record as encoded,
// every field the index is made from and none picked by hand, so that a
// field added to Record, or a value that changed for any reason (a name
// respelt in site.yaml), is in it. A body LoadBody gives is not read for
// this: body stands for it, the hash of what it is made from.
func Key(r Record, body string) (string, error) {
	enc, err := json.Marshal(struct {
		Record
		BodyFrom string
	}{r, body})
	if err != nil {
		return "", fmt.Errorf("search index: record %s: %w", r.ID, err)
	}
	sum := sha256.Sum256(enc)
	return hex.EncodeToString(sum[:]), nil
}

// Stats counts what a Build did with each record.
type Stats struct{ Added, Changed, Removed, Unchanged int }

func (s Stats) String() string {
	return fmt.Sprintf("%d added, %d changed, %d removed, %d unchanged", s.Added, s.Changed, s.Removed, s.Unchanged)
}

// batchSize is how many documents go into one batch: large enough that
// per-batch costs (a segment, a persist) are small, small enough that the
// analysis of the batches in flight stays small: a body's analysed grams
// take hundreds of kilobytes, two batches are applied at once, and their
// analysis is the largest part of a large build's memory (BENCHMARKS.md).
// A fresh build merges its segments into one at the end (mergeAll), for
// the searches; an incremental build keeps the tiers the index's merge
// policy makes (store.Create), so that an edit stays cheap.
const batchSize = 250

// Internal keys (the index's own key/value store, written in the batches
// of the documents: a Build that fails is not swapped in, so they always
// agree with the documents).
//
// The manifest lists every indexed record as "ID\tHash\n", in ID order: an
// incremental Build reads it in one piece instead of asking the index for
// every document's ID, which decompresses every stored document.
const (
	schemaKey   = "gazette:schema"
	manifestKey = "gazette:manifest"
)

// Build writes into dst (which must not exist) a complete index holding
// exactly recs.
//
// If prev names a valid earlier index, a snapshot of it is the starting
// point: its immutable segment files are hard-linked (copied where links
// fail) and its small mutable files copied, so prev is never opened or
// modified. Then only records whose Hash differs from the one recorded in the
// index are (re)indexed, and documents absent from recs are deleted. The
// record ID → Hash bookkeeping is kept in the index's internal keys, in the
// same batches as the documents. When prev is "", missing, unreadable or of
// another schema, the index is built from scratch.
//
// On error (including ctx being cancelled) dst is removed. A Build that is
// killed leaves dst behind, incomplete; prev is untouched either way. The
// caller renames dst into place after a successful Build.
func Build(ctx context.Context, prev, dst string, recs []Record) (st Stats, err error) {
	if _, err := os.Lstat(dst); err == nil {
		return st, fmt.Errorf("building search index: %s already exists", dst)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return st, fmt.Errorf("building search index: %w", err)
	}
	if err := checkRecords(recs); err != nil {
		return st, fmt.Errorf("building search index: %w", err)
	}
	c, err := zh.T2S()
	if err != nil {
		return st, fmt.Errorf("building search index: %w", err)
	}

	bi, incremental := openSnapshot(prev, dst)
	if bi == nil {
		bi, err = store.Create(dst, batchSize)
		if err != nil {
			os.RemoveAll(dst)
			return st, fmt.Errorf("building search index: creating %s: %w", dst, err)
		}
	}
	defer func() {
		if cerr := bi.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("building search index: closing %s: %w", dst, cerr)
		}
		if err != nil {
			os.RemoveAll(dst)
			st = Stats{}
		}
	}()

	var old map[string]string // ID → Hash
	if incremental {
		m, err := bi.Internal(manifestKey)
		if err != nil {
			return st, fmt.Errorf("building search index: reading %s: %w", prev, err)
		}
		old = parseManifest(m)
	}
	if err := write(ctx, bi, c, recs, old, !incremental, &st); err != nil {
		return st, fmt.Errorf("building search index: %w", err)
	}
	// A removed document (withdrawn, made a draft, put back under
	// embargo) stays in its segment, marked deleted, until a merge
	// rewrites that segment, and its stored text with it: an index that
	// served it must not keep it, so a build that removes one merges every
	// segment into one, as a fresh build does. An edit keeps the tiers,
	// so that it stays cheap.
	if !incremental || st.Removed > 0 {
		// The merge reads every segment through mmap, which counts as
		// the process's memory too: first give back what the batches
		// used (at 50,000 documents, the peak of the whole build).
		debug.FreeOSMemory()
		if err := mergeAll(ctx, bi); err != nil {
			return st, fmt.Errorf("building search index: merging: %w", err)
		}
	}
	return st, nil
}

// write indexes the records of recs that are not in old (ID → Hash) with
// the same hash, and deletes the documents of old that recs does not hold,
// counting what it does into st. A new index also gets its schema.
func write(ctx context.Context, bi *store.Writer, c *zh.Converter, recs []Record, old map[string]string, isNew bool, st *Stats) error {
	w := startBatcher(ctx, bi)
	b := bi.NewBatch()
	if isNew {
		b.SetInternal(schemaKey, []byte(schemaVersion))
	}
	for i := range recs {
		r := &recs[i]
		if h, ok := old[r.ID]; ok {
			delete(old, r.ID)
			if r.Hash != "" && h == r.Hash {
				st.Unchanged++
				continue
			}
			st.Changed++
		} else {
			st.Added++
		}
		doc, err := indexDocument(c, r)
		if err == nil {
			err = b.Index(doc)
		}
		if err != nil {
			w.wait()
			return fmt.Errorf("%s: %w", r.ID, err)
		}
		if b.Size() >= batchSize {
			if !w.send(b) {
				break
			}
			b = bi.NewBatch()
		}
	}
	n, err := remove(c, b, old, recs, st.Added+st.Changed > 0)
	if err != nil {
		w.wait()
		return err
	}
	st.Removed = n
	b.SetInternal(manifestKey, manifest(recs))
	w.send(b)
	return w.wait()
}

// remove deletes in b the documents of old (those recs no longer has) and
// returns how many. The merge that follows rewrites the segments holding
// them only by merging them with another segment: unless the build
// indexed a record already, it indexes one again to make one. (A segment
// left with no live document is dropped whole.)
func remove(c *zh.Converter, b *store.Batch, old map[string]string, recs []Record, indexed bool) (int, error) {
	for id := range old {
		b.Delete(id)
	}
	if len(old) == 0 || indexed || len(recs) == 0 {
		return len(old), nil
	}
	doc, err := indexDocument(c, &recs[0])
	if err == nil {
		err = b.Index(doc)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", recs[0].ID, err)
	}
	return len(old), nil
}

// mergeAll merges the segments of a new index into one: a search looks
// each of its terms up in every segment, and a fresh build of 5,000
// documents left about ten.
func mergeAll(ctx context.Context, bi *store.Writer) error {
	b := bi.NewBatch()
	b.SetInternal(schemaKey, []byte(schemaVersion))
	return bi.MergeAll(ctx, b)
}

// A batcher applies batches with several goroutines: building a segment
// from a batch runs in the goroutine that applies it, and it is the larger
// part of the work.
type batcher struct {
	ch   chan *store.Batch
	wg   sync.WaitGroup
	ctx  context.Context
	once sync.Once
	err  error
	stop chan struct{}
}

func startBatcher(ctx context.Context, bi *store.Writer) *batcher {
	w := &batcher{ch: make(chan *store.Batch), ctx: ctx, stop: make(chan struct{})}
	for range max(2, runtime.GOMAXPROCS(0)) {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for b := range w.ch {
				select {
				case <-w.stop:
					continue // drain
				default:
				}
				if err := ctx.Err(); err != nil {
					w.fail(err)
					continue
				}
				if err := bi.Apply(b); err != nil {
					w.fail(err)
				}
			}
		}()
	}
	return w
}

func (w *batcher) fail(err error) {
	w.once.Do(func() {
		w.err = err
		close(w.stop)
	})
}

// send queues b, reporting false when the batcher has failed.
func (w *batcher) send(b *store.Batch) bool {
	if b.Size() == 0 {
		return true
	}
	select {
	case w.ch <- b:
		return true
	case <-w.stop:
		return false
	}
}

// wait applies the queued batches and returns the first error.
func (w *batcher) wait() error {
	close(w.ch)
	w.wg.Wait()
	if w.err == nil {
		w.err = w.ctx.Err()
	}
	return w.err
}

func checkRecords(recs []Record) error {
	seen := make(map[string]bool, len(recs))
	for i := range recs {
		id := recs[i].ID
		switch {
		case id == "":
			return fmt.Errorf("record %d (%q) has no ID", i, recs[i].Title)
		case seen[id]:
			return fmt.Errorf("record ID %s appears twice", id)
		case strings.ContainsAny(id, "\t\n") || strings.ContainsAny(recs[i].Hash, "\t\n"):
			return fmt.Errorf("record ID %q or its hash holds a tab or a line break", id)
		}
		seen[id] = true
	}
	return nil
}

// openSnapshot copies prev to dst and opens the copy (store.OpenCopy). It
// returns nil (having removed dst) when prev is not a usable index of this
// schema.
func openSnapshot(prev, dst string) (*store.Writer, bool) {
	if prev == "" {
		return nil, false
	}
	if fi, err := os.Stat(prev); err != nil || !fi.IsDir() {
		return nil, false
	}
	bi, err := store.OpenCopy(prev, dst)
	if err != nil {
		return nil, false
	}
	if v, err := bi.Internal(schemaKey); err != nil || string(v) != schemaVersion {
		bi.Close()
		os.RemoveAll(dst)
		return nil, false
	}
	return bi, true
}

// manifest is the manifest of recs (see manifestKey).
func manifest(recs []Record) []byte {
	lines := make([]string, len(recs))
	for i, r := range recs {
		lines[i] = r.ID + "\t" + r.Hash + "\n"
	}
	slices.Sort(lines)
	return []byte(strings.Join(lines, ""))
}

func parseManifest(m []byte) map[string]string {
	out := map[string]string{}
	for line := range strings.Lines(string(m)) {
		if id, hash, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t"); ok {
			out[id] = hash
		}
	}
	return out
}
