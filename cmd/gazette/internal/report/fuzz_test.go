package report

import (
	"bytes"
	"errors"
	"testing"

	"gazette/cmd/gazette/internal/content"
)

// FuzzCheck feeds arbitrary front matter to a report of the fixture: Check
// must never panic, and every problem must come back as an error at a line
// of the report file.
func FuzzCheck(f *testing.F) {
	a := fixture(f)
	report := a["reports/2024.md"].Data
	f.Add(report)
	f.Add(bytes.Replace(report, []byte("[5, 2, 0, 0, 1, 0, 8]"), []byte("[5, 2, 0, 0, 1, 0]"), 1))
	f.Add(bytes.Replace(report, []byte("  requests:\n"), []byte("  requests: 3\n  x: [1, {a: b}]\n"), 1))
	f.Add([]byte("---\ntitle: x\ndate: 2025-01-20\ndata: {active: {rules: {issued: -1}}, requests: {new: [9223372036854775807, 1, 0, 0, 0, 0, 0]}}\n---\n## 一、總體情況\n"))
	f.Add([]byte("---\ntitle: x\ndate: 2025-01-20\ndata: {appeals: {review: [1.5, '2', null, ~, 0]}}\n---\n```\n## 二、主動公開政府信息情況\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		fsys := fixture(t)
		fsys["reports/2024.md"].Data = doc
		s, err := content.Load(t.Context(), fsys, content.Options{Now: now, Root: "content"})
		if err != nil {
			return // the content stage's errors; FuzzLoad covers them
		}
		err = Check(s, fsys, "content")
		if err == nil {
			return
		}
		var list content.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("error is not an ErrorList: %v", err)
		}
		for _, e := range list {
			if e.Path != "content/reports/2024.md" || e.Line <= 0 || e.Msg == "" {
				t.Fatalf("error without a place: %+v", e)
			}
		}
	})
}
