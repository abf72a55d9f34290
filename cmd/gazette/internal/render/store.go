package render

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/klauspost/compress/s2"

	"gazette/cmd/gazette/internal/disk"
)

// Body is what a build keeps of a rendered document: its page, its feeds
// and its index record are made from it.
type Body struct {
	HTML    template.HTML
	Text    string
	Summary string
	Runes   int
}

// A Store keeps rendered bodies between builds, by the hash of the source
// each was rendered from, so that a build renders only the documents whose
// file changed since the last one, and a page, feed or index record of an
// unchanged document is made from its kept body. It is two files in a
// folder of gazette's own (.gazette/cache):
//
//	bodies-*    the bodies, appended: per body a length, a CRC-32 and the
//	            body, compressed (s2)
//	bodies.idx  which body is where, and in which bodies-* file: written
//	            whole by Save (renamed into place) and checked by a
//	            SHA-256 of itself
//
// The store is replaced whole or not at all. Bodies are only ever appended
// to the file the index names, after the offsets it records, so a build
// killed before Save leaves the last saved store as it was; a store that
// starts empty (EmptyStore) or is compacted writes a new bodies-* file,
// which becomes the store when Save renames the index naming it into
// place, and only then is the old file removed. Nothing is truncated.
//
// Nothing in them is trusted blindly. An index made by another version of
// the program (its key differs), or damaged, or pointing past the end of
// its file, empties the store (Notice says why, once); a body whose CRC
// does not match is reported by Get as missing. Either way the cost is
// rendering again, never a wrong page. A build killed before Save leaves
// bodies it appended that no index names: the next Save that finds the
// file more than half garbage rewrites it.
//
// A Store is safe for concurrent use. Two processes must not use one at
// the same time: the build holds the site's lock (publish.Store) while it
// does.
type Store struct {
	dir     string
	key     string
	notice  string
	missing bool // OpenStore found no store in dir

	mu    sync.Mutex
	f     *os.File // the bodies file the next Save names
	end   int64
	where map[string]extent // source hash (hex) → body
}

type extent struct {
	off     int64
	n       uint32 // bytes of the record, header included
	runes   int    // the body's Runes and Summary, kept in the index too:
	summary string // every page that lists a document shows them
}

const (
	storeMagic  = "gazette-bodies/2\n"
	indexName   = "bodies.idx"
	filePrefix  = "bodies-" // bodies files; the one the index names is the store's
	recordHead  = 8         // length and CRC-32
	maxRecord   = 1 << 30
	idxEntryLen = sha256.Size + 8 + 4 // and then the runes and the summary
)

// OpenStore opens the store in dir, creating it when there is none. key
// identifies what made the bodies (the program): a store made with another
// key is emptied.
func OpenStore(dir, key string) (*Store, error) {
	s, err := newStore(dir, key)
	if err != nil {
		return nil, err
	}
	err = s.open()
	if errors.Is(err, fs.ErrNotExist) && !s.leftovers() {
		s.missing = true
		return s, s.start() // a new store
	}
	if err != nil {
		s.notice = fmt.Sprintf("the rendered-body cache in %s was not usable (%v): every document is rendered again", dir, err)
		return s, s.start()
	}
	return s, nil
}

// EmptyStore is a store in dir that uses none of the bodies there (for a
// build that must render everything): what dir holds stays as it is until
// Save replaces it.
func EmptyStore(dir, key string) (*Store, error) {
	s, err := newStore(dir, key)
	if err != nil {
		return nil, err
	}
	return s, s.start()
}

func newStore(dir, key string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("rendered-body cache: %w", err)
	}
	return &Store{dir: dir, key: key, where: map[string]extent{}}, nil
}

// open reads the index and opens the bodies file it names; an error that
// is fs.ErrNotExist means there is no index.
func (s *Store) open() error {
	name, where, err := readIndex(filepath.Join(s.dir, indexName), s.key)
	if err != nil {
		return err
	}
	if name != filepath.Base(name) || !strings.HasPrefix(name, filePrefix) {
		return errors.New("its index names no bodies file of its own")
	}
	f, err := os.OpenFile(filepath.Join(s.dir, name), os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("its bodies file: %s", strings.TrimPrefix(err.Error(), "open "))
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	for _, e := range where {
		if e.off < 0 || e.n < recordHead || e.off+int64(e.n) > info.Size() {
			f.Close()
			return errors.New("its index names bodies the file does not hold")
		}
	}
	s.f, s.end, s.where = f, info.Size(), where
	return nil
}

// leftovers reports whether dir holds bodies files (of a store whose index
// is gone).
func (s *Store) leftovers() bool {
	m, _ := filepath.Glob(filepath.Join(s.dir, filePrefix+"*"))
	return len(m) > 0
}

// start begins a new bodies file, empty: the store holds nothing.
func (s *Store) start() error {
	f, err := os.CreateTemp(s.dir, filePrefix+"*")
	if err != nil {
		return fmt.Errorf("rendered-body cache: %w", err)
	}
	if s.f != nil {
		s.f.Close()
	}
	s.f, s.end, s.where = f, 0, map[string]extent{}
	return nil
}

// Notice says why an existing store was emptied, or is "".
func (s *Store) Notice() string { return s.notice }

// Missing reports whether OpenStore found no store at all in its folder.
func (s *Store) Missing() bool { return s.missing }

// Len is the number of bodies the store holds.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.where)
}

// Meta returns the Summary and Runes of the body rendered from the source
// with this hash, without reading the body.
func (s *Store) Meta(hash string) (summary string, runes int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.where[hash]
	return e.summary, e.runes, ok
}

// Get returns the body rendered from the source with this hash. ok is
// false when the store has none, or only a damaged one (which it forgets).
func (s *Store) Get(hash string) (b Body, ok bool, err error) {
	s.mu.Lock()
	e, found := s.where[hash]
	s.mu.Unlock()
	if !found {
		return b, false, nil
	}
	rec := make([]byte, e.n)
	if _, err := s.f.ReadAt(rec, e.off); err != nil {
		if errors.Is(err, io.EOF) {
			s.forget(hash)
			return b, false, nil
		}
		return b, false, fmt.Errorf("rendered-body cache: %w", err)
	}
	n := binary.LittleEndian.Uint32(rec)
	payload := rec[recordHead:]
	if int(n) != len(payload) || crc32.ChecksumIEEE(payload) != binary.LittleEndian.Uint32(rec[4:]) {
		s.forget(hash)
		return b, false, nil
	}
	b, err = decodeBody(payload)
	if err != nil {
		s.forget(hash)
		return b, false, nil
	}
	return b, true, nil
}

func (s *Store) forget(hash string) {
	s.mu.Lock()
	delete(s.where, hash)
	s.mu.Unlock()
}

// Put keeps the body rendered from the source with this hash.
func (s *Store) Put(hash string, b Body) error {
	payload := encodeBody(b)
	if len(payload) > maxRecord {
		return fmt.Errorf("rendered-body cache: a body of %d bytes", len(payload))
	}
	rec := make([]byte, recordHead, recordHead+len(payload))
	binary.LittleEndian.PutUint32(rec, uint32(len(payload)))
	binary.LittleEndian.PutUint32(rec[4:], crc32.ChecksumIEEE(payload))
	rec = append(rec, payload...)
	s.mu.Lock()
	off := s.end
	s.end += int64(len(rec))
	s.mu.Unlock()
	if _, err := s.f.WriteAt(rec, off); err != nil {
		return fmt.Errorf("rendered-body cache: %w", err)
	}
	s.mu.Lock()
	s.where[hash] = extent{off, uint32(len(rec)), b.Runes, b.Summary}
	s.mu.Unlock()
	return nil
}

// Save writes the index, keeping only the bodies of live (source hashes the
// site still has), and rewrites the bodies file first when most of it is
// garbage. The index is renamed into place, so the store on disk is the
// one saved before or this one, whole; a bodies file it no longer names is
// removed after.
func (s *Store) Save(live map[string]bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var used int64
	for h, e := range s.where {
		if !live[h] {
			delete(s.where, h)
			continue
		}
		used += int64(e.n)
	}
	if s.end > 1<<20 && s.end > 2*used {
		if err := s.compact(); err != nil {
			return err
		}
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("rendered-body cache: %w", err)
	}
	name := filepath.Base(s.f.Name())
	if err := writeIndex(filepath.Join(s.dir, indexName), s.key, name, s.where); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(s.dir, filePrefix+"*"))
	for _, p := range old {
		if filepath.Base(p) != name {
			os.Remove(p)
		}
	}
	os.Remove(filepath.Join(s.dir, "bodies")) // of gazette-bodies/1, which named no file
	return nil
}

// compact copies the live bodies into a new file, which the index Save
// writes next names: until then the old index and file stay the store.
func (s *Store) compact() error {
	tmp, err := os.CreateTemp(s.dir, filePrefix+"*")
	if err != nil {
		return fmt.Errorf("rendered-body cache: %w", err)
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("rendered-body cache: %w", err)
	}
	hashes := make([]string, 0, len(s.where))
	for h := range s.where {
		hashes = append(hashes, h)
	}
	slices.SortFunc(hashes, func(a, b string) int { return int(s.where[a].off - s.where[b].off) })
	w := bufio.NewWriterSize(tmp, 1<<20)
	next := map[string]extent{}
	var off int64
	for _, h := range hashes {
		e := s.where[h]
		if _, err := io.Copy(w, io.NewSectionReader(s.f, e.off, int64(e.n))); err != nil {
			return fail(err)
		}
		e.off = off
		next[h] = e
		off += int64(e.n)
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	s.f.Close()
	s.f, s.where, s.end = tmp, next, off
	return nil
}

// Close closes the store's file; Save first to keep what was put.
func (s *Store) Close() error { return s.f.Close() }

func encodeBody(b Body) []byte {
	var raw []byte
	for _, f := range []string{string(b.HTML), b.Text, b.Summary} {
		raw = binary.AppendUvarint(raw, uint64(len(f)))
		raw = append(raw, f...)
	}
	raw = binary.AppendUvarint(raw, uint64(b.Runes))
	return s2.Encode(nil, raw)
}

func decodeBody(payload []byte) (Body, error) {
	raw, err := s2.Decode(nil, payload)
	if err != nil {
		return Body{}, err
	}
	var fields [3]string
	for i := range fields {
		n, k := binary.Uvarint(raw)
		if k <= 0 || uint64(len(raw)-k) < n {
			return Body{}, errors.New("truncated body")
		}
		fields[i] = string(raw[k : k+int(n)])
		raw = raw[k+int(n):]
	}
	runes, k := binary.Uvarint(raw)
	if k <= 0 {
		return Body{}, errors.New("truncated body")
	}
	return Body{HTML: template.HTML(fields[0]), Text: fields[1], Summary: fields[2], Runes: int(runes)}, nil
}

// The index file, a checked file (disk.WriteChecked): the key and a line
// break, the name of the bodies file and a line break, then per body its
// source hash (32 bytes), offset (8), record length (4), runes and summary
// length (uvarints) and summary.

func writeIndex(path, key, file string, where map[string]extent) error {
	hashes := make([]string, 0, len(where))
	for h := range where {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	var buf bytes.Buffer
	buf.WriteString(key)
	buf.WriteByte('\n')
	buf.WriteString(file)
	buf.WriteByte('\n')
	for _, h := range hashes {
		raw, err := hex.DecodeString(h)
		if err != nil || len(raw) != sha256.Size {
			return fmt.Errorf("rendered-body cache: bad source hash %q", h)
		}
		buf.Write(raw)
		e := where[h]
		buf.Write(binary.LittleEndian.AppendUint64(nil, uint64(e.off)))
		buf.Write(binary.LittleEndian.AppendUint32(nil, e.n))
		buf.Write(binary.AppendUvarint(nil, uint64(e.runes)))
		buf.Write(binary.AppendUvarint(nil, uint64(len(e.summary))))
		buf.WriteString(e.summary)
	}
	if err := disk.WriteChecked(path, storeMagic, buf.Bytes()); err != nil {
		return fmt.Errorf("rendered-body cache: %w", err)
	}
	return nil
}

func readIndex(path, key string) (file string, where map[string]extent, err error) {
	rest, err := disk.ReadChecked(path, storeMagic)
	switch {
	case errors.Is(err, disk.ErrNotOne):
		return "", nil, errors.New("its index is of an unknown format")
	case errors.Is(err, disk.ErrDamaged):
		return "", nil, errors.New("its index is damaged")
	case err != nil:
		return "", nil, err
	}
	k, rest, ok := bytes.Cut(rest, []byte("\n"))
	if !ok || string(k) != key {
		return "", nil, errors.New("it was made by another version of gazette")
	}
	damaged := errors.New("its index is damaged")
	name, rest, ok := bytes.Cut(rest, []byte("\n"))
	if !ok {
		return "", nil, damaged
	}
	where = map[string]extent{}
	for len(rest) > 0 {
		if len(rest) < idxEntryLen {
			return "", nil, damaged
		}
		e := extent{off: int64(binary.LittleEndian.Uint64(rest[32:])), n: binary.LittleEndian.Uint32(rest[40:])}
		h := hex.EncodeToString(rest[:32])
		rest = rest[idxEntryLen:]
		runes, k := binary.Uvarint(rest)
		if k <= 0 {
			return "", nil, damaged
		}
		rest = rest[k:]
		n, k := binary.Uvarint(rest)
		if k <= 0 || uint64(len(rest)-k) < n {
			return "", nil, damaged
		}
		e.runes, e.summary = int(runes), string(rest[k:k+int(n)])
		rest = rest[k+int(n):]
		where[h] = e
	}
	return string(name), where, nil
}
