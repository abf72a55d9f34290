package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCitationNotes: on the sample site, a citation the build cannot link
// is a note (info, never an error) at its file, line and column; one it
// links is not noted.
func TestCitationNotes(t *testing.T) {
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	ds, err := Check(context.Background(), os.DirFS(filepath.Join("..", "..", "..", "..", "content")), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, d := range ds {
		if strings.Contains(d.Message, "citation ") {
			if d.Severity != Info {
				t.Errorf("a citation is a %s: %s", d.Severity, d)
			}
			notes = append(notes, d.String())
		}
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{
		"content/pages/07-contact.md:30:37: info: citation 《政府信息公開申請表》 is not linked: no published document has this title",
		"content/pages/01-overview.md:9:48: info: citation 吉廳字〔2009〕16號 is not linked: no published document has this 文號",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no note %q among:\n%s", want, all)
		}
	}
	if strings.Contains(all, "《規定》第七條") || strings.Contains(all, "《長春市政府信息公開規定》") {
		t.Errorf("a citation the build links is noted:\n%s", all)
	}
}
