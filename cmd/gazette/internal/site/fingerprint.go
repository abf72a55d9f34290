package site

import (
	"crypto/sha256"
	"encoding/binary"
	"reflect"
	"strconv"
	"time"

	"gazette/cmd/gazette/internal/content"
)

// fingerprint hashes everything a planned page shows: its template, its
// scalar fields, and each document on it by stamp. Page.Site is left out:
// it is the same for every page and covered by base, which covers the
// templates and the site's configuration. Page.Body is left out: the
// document's stamp covers its source.
func fingerprint(base [32]byte, tmpl string, pg *Page, stamps map[*content.Document][32]byte) [32]byte {
	w := hasher{b: append(make([]byte, 0, 2048), base[:]...), stamps: stamps}
	w.str(tmpl)
	for _, s := range []string{pg.Kind, pg.Title, pg.URL, pg.Redirect, pg.Intro} { // JSON-LD derives from the document, stamped below
		w.str(s)
	}
	w.value(reflect.ValueOf(pg.Crumbs))
	w.value(reflect.ValueOf(pg.Feeds))
	w.doc(pg.Doc)
	w.doc(pg.Prev)
	w.doc(pg.Next)
	w.docs(pg.Docs)
	w.value(reflect.ValueOf(pg.Groups))
	w.value(reflect.ValueOf(pg.Pager))
	w.value(reflect.ValueOf(pg.Data))
	return sha256.Sum256(w.b)
}

// A hasher collects what it hashes in b (one sha256 of a page's few
// kilobytes costs less than many small writes).
type hasher struct {
	b      []byte
	stamps map[*content.Document][32]byte
}

func (w *hasher) str(s string) {
	w.int(int64(len(s)))
	w.b = append(w.b, s...)
}

func (w *hasher) int(n int64) { w.b = binary.AppendVarint(w.b, n) }

func (w *hasher) byte(c byte) { w.b = append(w.b, c) }

func (w *hasher) doc(d *content.Document) {
	if d == nil {
		w.byte(0)
		return
	}
	st, ok := w.stamps[d]
	if !ok { // not published: cannot be on a page, but hash what identifies it
		w.str(d.Hash + d.URL)
		return
	}
	w.b = append(w.b, st[:]...)
}

func (w *hasher) docs(ds []*content.Document) {
	w.int(int64(len(ds)))
	for _, d := range ds {
		w.doc(d)
	}
}

var (
	docType  = reflect.TypeFor[*content.Document]()
	timeType = reflect.TypeFor[time.Time]()
)

// value hashes the data of a page field: documents by stamp, the rest by
// walking it.
func (w *hasher) value(v reflect.Value) {
	if !v.IsValid() {
		w.byte(0)
		return
	}
	if v.Type() == docType {
		w.doc((*content.Document)(v.UnsafePointer()))
		return
	}
	if v.Type() == timeType {
		if v.CanInterface() {
			w.str(v.Interface().(time.Time).Format(time.RFC3339Nano))
		} else {
			w.int(int64(v.Field(0).Uint()))
			w.int(v.Field(1).Int())
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		w.str(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.int(int64(v.Uint()))
	case reflect.Bool:
		if v.Bool() {
			w.byte(1)
		} else {
			w.byte(2)
		}
	case reflect.Float32, reflect.Float64:
		w.str(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.byte(0)
			return
		}
		w.byte(1)
		w.value(v.Elem())
	case reflect.Slice, reflect.Array:
		w.int(int64(v.Len()))
		for i := range v.Len() {
			w.value(v.Index(i))
		}
	case reflect.Map:
		// Map order is random: combine the entries' hashes order-free.
		var sum [32]byte
		iter := v.MapRange()
		for iter.Next() {
			sub := hasher{stamps: w.stamps}
			sub.value(iter.Key())
			sub.value(iter.Value())
			for i, b := range sha256.Sum256(sub.b) {
				sum[i] ^= b
			}
		}
		w.int(int64(v.Len()))
		w.b = append(w.b, sum[:]...)
	case reflect.Struct:
		for i := range v.NumField() {
			w.value(v.Field(i))
		}
	default:
		w.str(v.Type().String())
	}
}
