package edition

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// pdf writes a small PDF whose pages draw the given content streams; a
// page's content may name /Fm1, a form XObject drawing form.
func pdf(form string, pages ...string) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(s string) string { return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s) }
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	res := fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", font)
	if form != "" {
		fm := add(strings.Replace(stream(form), "<< /Length", fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources %s /Length", res), 1))
		res = fmt.Sprintf("<< /Font << /F1 %d 0 R >> /XObject << /Fm1 %d 0 R >> >>", font, fm)
	}
	parent := len(objs) + 2*len(pages) + 1
	var kids []string
	for _, c := range pages {
		content := add(stream(c))
		kids = append(kids, fmt.Sprintf("%d 0 R", add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>", parent, res, content))))
	}
	add(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	root := add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", parent))
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, root, xref)
	return b.Bytes()
}

func TestInspect(t *testing.T) {
	const (
		text  = "BT /F1 12 Tf 72 700 Td (Gazette) Tj ET"
		array = "BT /F1 12 Tf 72 700 Td [(Gaz) -20 (ette)] TJ ET"
		scan  = "q 500 0 0 700 50 70 cm 0.5 g 0 0 1 1 re f Q" // what a scanned page draws: a picture, no text
	)
	for _, c := range []struct {
		name  string
		pdf   []byte
		pages int
		text  bool
	}{
		{"text", pdf("", scan, text), 2, true},
		{"text shown as an array", pdf("", array), 1, true},
		{"scan", pdf("", scan, scan, scan), 3, false},
		{"text in a form", pdf(text, "q /Fm1 Do Q"), 1, true},
		{"picture in a form", pdf(scan, "q /Fm1 Do Q"), 1, false},
	} {
		info, err := Inspect(bytes.NewReader(c.pdf))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if info.Pages != c.pages || info.Text != c.text {
			t.Errorf("%s: %+v, want %d pages, text %v", c.name, info, c.pages, c.text)
		}
	}
	if _, err := Inspect(strings.NewReader("%PDF-1.4\nnot really")); err == nil {
		t.Error("a broken PDF gave no error")
	}
}
