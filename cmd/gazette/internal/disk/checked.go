package disk

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// The reasons ReadChecked rejects a file that exists.
var (
	ErrNotOne  = errors.New("it is not one") // too short, or another format's magic line
	ErrDamaged = errors.New("it is damaged") // its hash or its payload does not check
)

// WriteChecked replaces file with magic, payload and the SHA-256 of both,
// in one rename: a reader sees the old file or the new one.
func WriteChecked(file, magic string, payload []byte) error {
	var buf bytes.Buffer
	buf.Grow(len(magic) + len(payload) + sha256.Size)
	buf.WriteString(magic)
	buf.Write(payload)
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	return replace(file, buf.Bytes())
}

// ReadChecked returns the payload of a file WriteChecked wrote with magic.
// The error wraps fs.ErrNotExist for a missing file, and is ErrNotOne or
// ErrDamaged for one that cannot be trusted.
func ReadChecked(file, magic string) ([]byte, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if len(data) < len(magic)+sha256.Size || !bytes.HasPrefix(data, []byte(magic)) {
		return nil, ErrNotOne
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, ErrDamaged
	}
	return body[len(magic):], nil
}

// WriteGob is WriteChecked with v encoded by encoding/gob.
func WriteGob(file, magic string, v any) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	return WriteChecked(file, magic, buf.Bytes())
}

// ReadGob decodes into v what WriteGob wrote; a payload that does not
// decode is ErrDamaged (wrapping the decoder's error).
func ReadGob(file, magic string, v any) error {
	payload, err := ReadChecked(file, magic)
	if err != nil {
		return err
	}
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(v); err != nil {
		return fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	return nil
}

// replace writes data to a temporary file beside file and renames it over
// file; on error the temporary file is removed and file is as it was.
func replace(file string, data []byte) error {
	tmp := filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
