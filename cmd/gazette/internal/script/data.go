package script

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// keepFields are the fields of JSON and CSV files that hold a 文號 or an
// 索引號 — in the CSV, the relations name their targets by 文號 — : as
// issued, in both scripts.
var keepFields = map[string]bool{"doc_number": true, "index_number": true,
	"repeals": true, "repealed_by": true, "amends": true, "amended_by": true, "superseded_by": true, "interprets": true}

// JSON converts a JSON Feed, the open data or the issue index: each string
// into Lang (content_html as a page), URLs of the site into the copy, and
// the language it declares. Fields keep their order; the file is written
// compact.
func (c *Copy) JSON(src []byte) ([]byte, error) {
	src, hadBOM := trimBOM(src)
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var out bytes.Buffer
	if hadBOM {
		out.Write(bom)
	}
	if err := c.jsonValue(dec, &out, ""); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("json: more than one value")
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// jsonValue copies the next value of dec to out, converted; key is the
// name of the field it is the value of.
func (c *Copy) jsonValue(dec *json.Decoder, out *bytes.Buffer, key string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			out.WriteByte('{')
			for first := true; dec.More(); first = false {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				name, ok := k.(string)
				if !ok {
					return fmt.Errorf("json: key %v", k)
				}
				if !first {
					out.WriteByte(',')
				}
				writeJSON(out, name)
				out.WriteByte(':')
				if err := c.jsonValue(dec, out, name); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte('}')
		case '[':
			out.WriteByte('[')
			for first := true; dec.More(); first = false {
				if !first {
					out.WriteByte(',')
				}
				if err := c.jsonValue(dec, out, key); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte(']')
		}
	case string:
		writeJSON(out, c.jsonString(key, t))
	case json.Number:
		out.WriteString(t.String())
	case bool:
		fmt.Fprint(out, t)
	case nil:
		out.WriteString("null")
	}
	return nil
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
