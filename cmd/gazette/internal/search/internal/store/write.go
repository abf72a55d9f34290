package store

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
)

// A Writer adds documents to an index directory and deletes them.
type Writer struct{ bi bleve.Index }

// newMapping is the index's mapping: none at all. Documents come analysed
// (Document), so the mapping only keeps Bleve from adding fields of its
// own: nothing dynamic, no composite _all field.
func newMapping() *mapping.IndexMappingImpl {
	im := mapping.NewIndexMapping()
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	doc := mapping.NewDocumentStaticMapping()
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	im.TypeMapping = nil
	return im
}

// Create makes a new, empty index in dir (which must not exist).
//
// Scorch's merge policy counts every segment smaller than its floor (2,000
// documents by default) as that size, so that with batches smaller than
// the floor it would merge each new batch's segment into the others again
// and again. With the floor at the batch size (batch, the documents the
// caller puts in one Batch), segments are merged ten at a time, tier by
// tier: each document about once per factor of ten. The setting is kept
// in the index, so incremental writes use it too.
func Create(dir string, batch int) (*Writer, error) {
	cfg := map[string]interface{}{
		"scorchMergePlanOptions": map[string]interface{}{"FloorSegmentSize": batch},
	}
	bi, err := bleve.NewUsing(dir, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
	if err != nil {
		return nil, err
	}
	return &Writer{bi}, nil
}

// OpenCopy copies the index prev to dst (which must not exist) and opens
// the copy for writing, so that prev is never opened or changed. Segment
// files are immutable once written, so they are hard-linked (copied where
// links fail); the small files that change in place are copied. On error
// dst is removed.
func OpenCopy(prev, dst string) (*Writer, error) {
	if err := copyIndex(prev, dst); err != nil {
		os.RemoveAll(dst)
		return nil, err
	}
	bi, err := bleve.Open(dst)
	if err != nil {
		os.RemoveAll(dst)
		return nil, err
	}
	return &Writer{bi}, nil
}

// Internal returns the value of an internal key (nil when unset).
func (w *Writer) Internal(key string) ([]byte, error) { return w.bi.GetInternal([]byte(key)) }

// Close closes the index; a Batch applied before is on disk after it.
func (w *Writer) Close() error { return w.bi.Close() }

// A Batch is documents to index, IDs to delete and internal keys to set,
// applied together: an index holds all of a batch or none of it.
type Batch struct{ b *bleve.Batch }

// NewBatch starts an empty batch.
func (w *Writer) NewBatch() *Batch { return &Batch{w.bi.NewBatch()} }

// Index adds d, replacing any document of its ID.
func (b *Batch) Index(d *Document) error { return b.b.IndexAdvanced(d.doc) }

// Delete deletes the document of ID id.
func (b *Batch) Delete(id string) { b.b.Delete(id) }

// SetInternal sets an internal key: a value kept in the index beside the
// documents.
func (b *Batch) SetInternal(key string, value []byte) { b.b.SetInternal([]byte(key), value) }

// Size is the number of operations in b.
func (b *Batch) Size() int { return b.b.Size() }

// Apply applies b. Batches may be applied from several goroutines at once;
// the analysis is done, but building a segment of a batch is done in the
// goroutine that applies it.
func (w *Writer) Apply(b *Batch) error { return w.bi.Batch(b.b) }

// MergeAll merges every segment of the index into one, and records the
// result with a last batch b: a batch returns once the index state that
// holds it is persisted, and that state holds the merged segment, so that
// Close cannot come first and leave the index on disk as it was, with the
// merged file beside it.
func (w *Writer) MergeAll(ctx context.Context, b *Batch) error {
	adv, err := w.bi.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("index is a %T, not scorch", adv)
	}
	if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return w.Apply(b)
}

// copyIndex copies the index directory src to dst (see OpenCopy).
func copyIndex(src, dst string) error {
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
