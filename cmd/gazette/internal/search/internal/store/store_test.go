package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func terms(counts map[string]int) *Terms {
	n := 0
	for _, c := range counts {
		n += c
	}
	t := NewTerms(len(counts), n)
	for term, c := range counts {
		t.Add([]byte(term), c)
	}
	return t
}

func docs(b Bitmap) []uint32 {
	var out []uint32
	b.Each(make([]uint32, 2), func(ds []uint32) bool { out = append(out, ds...); return true })
	return out
}

// writeIndex writes an index of /a/ and /b/ in two batches (so two
// segments) into first, then deletes /b/ in a copy of it, copyDir.
func writeIndex(t *testing.T) (first, copyDir string, day time.Time) {
	dir := t.TempDir()
	first, copyDir = filepath.Join(dir, "a"), filepath.Join(dir, "b")
	w, err := Create(first, 10)
	if err != nil {
		t.Fatal(err)
	}
	day = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	add := func(id string, body map[string]int, stored string) *Batch {
		d := NewDocument(id)
		d.AddText("body", terms(body), []byte(stored))
		d.AddKeyword("organ", "市政府")
		d.AddStored("lang", "zh-Hans")
		if err := d.AddDate("date", day); err != nil {
			t.Fatal(err)
		}
		b := w.NewBatch()
		if err := b.Index(d); err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, b := range []*Batch{
		add("/a/", map[string]int{"供热": 2, "热": 3}, "供热供热"),
		add("/b/", map[string]int{"供水": 1}, "供水"),
	} {
		b.SetInternal("k", []byte("v"))
		if err := w.Apply(b); err != nil {
			t.Fatal(err)
		}
	}
	add("/c/", map[string]int{"供热": 1, "x": 9}, "")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w2, err := OpenCopy(first, copyDir)
	if err != nil {
		t.Fatal(err)
	}
	b := w2.NewBatch()
	b.Delete("/b/")
	if err := w2.Apply(b); err != nil {
		t.Fatal(err)
	}
	w2.Close()

	return first, copyDir, day
}

// TestWriteRead writes two batches (so two segments), deletes a document
// in an incremental copy, and reads back what a search reads: IDs,
// keywords, dates, postings as bitmaps, frequencies and lengths, stored
// values.
func TestWriteRead(t *testing.T) {
	first, copyDir, day := writeIndex(t)
	rd, err := Open(copyDir)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if v, _ := rd.Internal("k"); string(v) != "v" {
		t.Errorf("internal k = %q", v)
	}
	var ids []string
	rd.IDs(func(id string, _ uint64) { ids = append(ids, id) })
	if !slices.Equal(ids, []string{"/a/"}) {
		t.Errorf("IDs %q, want only /a/ (/b/ deleted, /c/ never applied)", ids)
	}
	var dates []int64
	rd.Dates("date", func(ns int64, _ uint64) { dates = append(dates, ns) })
	if len(dates) != 1 || dates[0] != day.UnixNano() {
		t.Errorf("dates %v, want [%d]", dates, day.UnixNano())
	}
	found := 0
	for _, s := range rd.Segments() {
		l := s.Lookup()
		heat, err := l.Postings("body", "供热")
		if err != nil {
			t.Fatal(err)
		}
		water, _ := l.Postings("body", "供水")
		if !water.IsEmpty() {
			t.Errorf("a deleted document's postings: %v", docs(water))
		}
		organ, _ := l.Postings("organ", "市政府")
		both := And(heat, organ)
		for _, n := range docs(both) {
			found++
			f, err := l.Freqs("body", "热")
			if err != nil {
				t.Fatal(err)
			}
			tf, length := []uint64{0}, []float64{0}
			if err := f.Fill([]uint32{n}, tf, length); err != nil {
				t.Fatal(err)
			}
			if tf[0] != 3 || length[0] < 4.9 || length[0] > 5.1 || f.Count() != 1 {
				t.Errorf("tf %d, length %v, count %d; want 3, 5, 1", tf[0], length[0], f.Count())
			}
			var stored string
			s.VisitStored(n, func(field string, v []byte) bool {
				if field == "body" {
					stored = string(v)
				}
				return true
			})
			if stored != "供热供热" {
				t.Errorf("stored body %q", stored)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d documents with 供热 from 市政府, want 1", found)
	}
	if err := ctxMerge(t, first); err != nil {
		t.Fatal(err)
	}
}

// ctxMerge merges an index into one segment and checks it has one.
func ctxMerge(t *testing.T, dir string) error {
	w, err := OpenCopy(dir, dir+"-merged")
	if err != nil {
		return err
	}
	if err := w.MergeAll(context.Background(), w.NewBatch()); err != nil {
		return err
	}
	b := w.NewBatch()
	b.SetInternal("done", []byte("1"))
	if err := w.MergeAll(context.Background(), b); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	rd, err := Open(dir + "-merged")
	if err != nil {
		return err
	}
	defer rd.Close()
	if n := len(rd.Segments()); n != 1 {
		t.Errorf("%d segments after MergeAll, want 1", n)
	}
	return nil
}

func TestBitmap(t *testing.T) {
	a, b := BitmapOf(1, 2, 3), BitmapOf(2, 3, 4)
	var zero Bitmap
	for _, tc := range []struct {
		name string
		got  Bitmap
		want []uint32
	}{
		{"And", And(a, b), []uint32{2, 3}},
		{"Or", Or(a, b), []uint32{1, 2, 3, 4}},
		{"AndNot", AndNot(a, b), []uint32{1}},
		{"AndAll", AndAll(a, b, BitmapOf(3)), []uint32{3}},
		{"OrAll", OrAll(a, zero, BitmapOf(9)), []uint32{1, 2, 3, 9}},
		{"And zero", And(a, zero), nil},
		{"Or zero", Or(zero, b), []uint32{2, 3, 4}},
		{"AndNot zero", AndNot(a, zero), []uint32{1, 2, 3}},
		{"Range", Range(5, 8), []uint32{5, 6, 7}},
	} {
		if got := docs(tc.got); !slices.Equal(got, tc.want) || tc.got.Len() != uint64(len(tc.want)) {
			t.Errorf("%s = %v (len %d), want %v", tc.name, got, tc.got.Len(), tc.want)
		}
	}
	if zero.Contains(0) || !zero.IsEmpty() || !a.Contains(2) || a.Contains(4) {
		t.Error("Contains or IsEmpty is wrong")
	}
}
