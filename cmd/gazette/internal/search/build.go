package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"gazette/cmd/gazette/internal/zh"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
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

// batchSize is how many documents go into one Bleve batch: large enough that
// per-batch costs (a segment, a persist) are small, small enough that the
// analysis of the batches in flight stays small: a body's analysed grams
// take hundreds of kilobytes, two batches are applied at once, and their
// analysis is the largest part of a large build's memory (BENCHMARKS.md).
const batchSize = 250

// Internal keys (Bleve's per-index key/value store, written in the batches
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

// indexConfig is scorch's configuration, kept in the index (so incremental
// builds use it too). Scorch's merge policy counts every segment smaller
// than FloorSegmentSize (2,000 documents by default) as that size, so that
// below 20,000 documents it would merge each new batch's segment into the
// others again and again. With the floor at the batch size, segments are
// merged ten at a time, tier by tier (each document about once per factor
// of ten). A fresh build then
// merges everything into one segment once (mergeAll), for the searches;
// an incremental build keeps the tiers, so that an edit stays cheap.
func indexConfig() map[string]interface{} {
	return map[string]interface{}{
		"scorchMergePlanOptions": map[string]interface{}{
			"FloorSegmentSize": batchSize,
		},
	}
}

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
		im, err := buildMapping()
		if err != nil {
			return st, fmt.Errorf("building search index: mapping: %w", err)
		}
		bi, err = bleve.NewUsing(dst, im, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, indexConfig())
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
		m, err := bi.GetInternal([]byte(manifestKey))
		if err != nil {
			return st, fmt.Errorf("building search index: reading %s: %w", prev, err)
		}
		old = parseManifest(m)
	}
	w := startBatcher(ctx, bi)
	b := bi.NewBatch()
	if !incremental {
		b.SetInternal([]byte(schemaKey), []byte(schemaVersion))
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
		doc, err := mapRecord(bi, c, r)
		if err == nil {
			err = b.IndexAdvanced(doc)
		}
		if err != nil {
			w.wait()
			return st, fmt.Errorf("building search index: %s: %w", r.ID, err)
		}
		if b.Size() >= batchSize {
			if !w.send(b) {
				break
			}
			b = bi.NewBatch()
		}
	}
	if st.Removed, err = remove(bi, c, b, old, recs, st.Added+st.Changed > 0); err != nil {
		w.wait()
		return st, fmt.Errorf("building search index: %w", err)
	}
	b.SetInternal([]byte(manifestKey), manifest(recs))
	w.send(b)
	if err := w.wait(); err != nil {
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

// remove deletes in b the documents of old (those recs no longer has) and
// returns how many. The merge that follows rewrites the segments holding
// them only by merging them with another segment: unless the build
// indexed a record already, it indexes one again to make one. (A segment
// left with no live document is dropped whole.)
func remove(bi bleve.Index, c *zh.Converter, b *bleve.Batch, old map[string]string, recs []Record, indexed bool) (int, error) {
	for id := range old {
		b.Delete(id)
	}
	if len(old) == 0 || indexed || len(recs) == 0 {
		return len(old), nil
	}
	doc, err := mapRecord(bi, c, &recs[0])
	if err == nil {
		err = b.IndexAdvanced(doc)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", recs[0].ID, err)
	}
	return len(old), nil
}

// mergeAll merges the segments of a new index into one: a search looks
// each of its terms up in every segment, and a fresh build of 5,000
// documents left about ten.
func mergeAll(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// A batch returns once the root that holds it is persisted, and that
	// root holds the merged segment: without it, Close could come first and
	// leave the index on disk as it was, with the merged file beside it.
	b := bi.NewBatch()
	b.SetInternal([]byte(schemaKey), []byte(schemaVersion))
	return bi.Batch(b)
}

// mapRecord is the Bleve document of r: the mapping's, with the body
// analysed by bodyField.
func mapRecord(bi bleve.Index, c *zh.Converter, r *Record) (*document.Document, error) {
	doc := document.NewDocument(r.ID)
	d := indexDoc(c, r)
	delete(d, fBody)
	if err := bi.Mapping().MapDocument(doc, d); err != nil {
		return nil, fmt.Errorf("%s: %w", r.ID, err)
	}
	body := r.Body
	if r.LoadBody != nil {
		var err error
		if body, err = r.LoadBody(); err != nil {
			return nil, fmt.Errorf("%s: %w", r.ID, err)
		}
	}
	if body != "" {
		doc.AddField(newBodyField(c, body))
	}
	return doc, nil
}

// A batcher applies batches with several goroutines: analysis runs in
// Bleve's worker pool, but building a segment from an analysed batch runs in
// the goroutine that calls Batch, and it is the larger part of the work.
type batcher struct {
	ch   chan *bleve.Batch
	wg   sync.WaitGroup
	ctx  context.Context
	once sync.Once
	err  error
	stop chan struct{}
}

func startBatcher(ctx context.Context, bi bleve.Index) *batcher {
	w := &batcher{ch: make(chan *bleve.Batch), ctx: ctx, stop: make(chan struct{})}
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
				if err := bi.Batch(b); err != nil {
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
func (w *batcher) send(b *bleve.Batch) bool {
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

// openSnapshot copies prev to dst and opens the copy. It returns nil (having
// removed dst) when prev is not a usable index of this schema.
func openSnapshot(prev, dst string) (bleve.Index, bool) {
	if prev == "" {
		return nil, false
	}
	if fi, err := os.Stat(prev); err != nil || !fi.IsDir() {
		return nil, false
	}
	if err := snapshot(prev, dst); err != nil {
		os.RemoveAll(dst)
		return nil, false
	}
	bi, err := bleve.Open(dst)
	if err != nil {
		os.RemoveAll(dst)
		return nil, false
	}
	if v, err := bi.GetInternal([]byte(schemaKey)); err != nil || string(v) != schemaVersion {
		bi.Close()
		os.RemoveAll(dst)
		return nil, false
	}
	return bi, true
}

// snapshot copies the index directory src to dst. Scorch segment files
// (*.zap) are immutable once written, so a hard link is a copy; the rest
// (root.bolt, index_meta.json) changes in place and is copied.
func snapshot(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.Mkdir(target, 0o755)
		case !d.Type().IsRegular():
			return fmt.Errorf("%s: not a regular file", path)
		case strings.HasSuffix(path, ".zap"):
			if os.Link(path, target) == nil {
				return nil
			}
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
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
