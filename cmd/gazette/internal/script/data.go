package script

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
)

// keepFields are the fields of JSON and CSV files that hold a 文號 or an
// 索引號 — in the CSV, the relations name their targets by 文號 — : as
// issued, in both scripts.
var keepFields = map[string]bool{"doc_number": true, "index_number": true,
	"repeals": true, "repealed_by": true, "amends": true, "amended_by": true, "superseded_by": true, "interprets": true}

// JSON converts a JSON Feed, the open data or the issue index: each string
// into Lang (content_html as a page), URLs of the site into the copy, and
// the language it declares. Everything but the strings it changes is
// copied as it is: a catalogue of the whole archive is converted in one
// pass over its bytes.
func (c *Copy) JSON(src []byte) ([]byte, error) {
	src, hadBOM := trimBOM(src)
	if !json.Valid(src) {
		return nil, errors.New("json: not a valid JSON text")
	}
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/16)
	if hadBOM {
		out.Write(bom)
	}
	// The field a string value belongs to: the last key read in an
	// object; in an array, the field the array is the value of.
	type level struct {
		array bool
		key   string
	}
	var stack []level
	key := ""
	for i := 0; i < len(src); {
		switch b := src[i]; b {
		case '"':
			j := stringEnd(src, i)
			lit := src[i:j]
			k := j
			for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
				k++
			}
			s, err := unquoteJSON(lit)
			if err != nil {
				return nil, err
			}
			if k < len(src) && src[k] == ':' {
				key = s
				out.Write(lit)
			} else if v := c.jsonString(key, s); v != s {
				writeJSON(&out, v)
			} else {
				out.Write(lit)
			}
			i = j
		case '{', '[':
			stack = append(stack, level{array: b == '[', key: key})
			out.WriteByte(b)
			i++
		case '}', ']':
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].array {
				key = stack[len(stack)-1].key
			}
			out.WriteByte(b)
			i++
		default:
			out.WriteByte(b)
			i++
		}
	}
	if !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}

// stringEnd is the index just after the JSON string starting at src[i],
// which json.Valid has found well-formed.
func stringEnd(src []byte, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(src)
}

// unquoteJSON is the string a JSON string literal holds.
func unquoteJSON(lit []byte) (string, error) {
	if bytes.IndexByte(lit, '\\') < 0 {
		return string(lit[1 : len(lit)-1]), nil
	}
	var s string
	err := json.Unmarshal(lit, &s)
	return s, err
}

func (c *Copy) jsonString(key, s string) string {
	switch {
	case keepFields[key]:
		return s
	case key == "language" || key == "lang":
		if isScript(s) {
			return c.Lang
		}
		return s
	case key == "content_html":
		h, err := c.HTML([]byte(s))
		if err != nil {
			return s
		}
		return string(h)
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		return c.URL(s)
	case strings.HasPrefix(s, "/") && (key == "url" || strings.HasSuffix(key, "_url")):
		return c.Path(s)
	}
	return c.text(s)
}

func writeJSON(out *bytes.Buffer, s string) {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	enc.Encode(s)               // a string always encodes
	out.Truncate(out.Len() - 1) // Encode's newline
}

// CSV converts the open data's table: every field into Lang but the 文號,
// the 索引號 and URLs, which name things. The first row names the fields.
func (c *Copy) CSV(src []byte) ([]byte, error) {
	src, hadBOM := trimBOM(src)
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if hadBOM {
		out.Write(bom)
	}
	w := csv.NewWriter(&out)
	w.UseCRLF = bytes.Contains(src, []byte("\r\n"))
	var header []string
	for i, row := range rows {
		if i == 0 {
			header = row
		} else {
			for j, f := range row {
				name := ""
				if j < len(header) {
					name = header[j]
				}
				row[j] = c.jsonString(name, f)
			}
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return out.Bytes(), w.Error()
}
