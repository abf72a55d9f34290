package content

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes to the front-matter parser as a news item:
// it must never panic, and every problem must come back as an ErrorList
// naming the file.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: 新聞\ndate: 2025-01-02\n---\n正文\n",
		"---\ntitle: [a, b]\ndate: {x: 1}\n---\n",
		"---\n: :\n---\n",
		"---\ntitle: &a x\ndate: *a\n---\n",
		"---\nhistory:\n  - {date: 2025-01-01}\n  - x\n---\n",
		"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n",
		"---\ntitle: \"\n---\n",
		"---\n---\n",
		"---",
		"no front matter",
		"---\ntitle: x\ndate: 2025-01-01\ntitle: y\n---\n",
		"---\n- a\n- b\n---\n",
		"---\ntitle: x\ndate: 9999-12-31T23:59:59+14:00\nslug: ../../etc\n---\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		fsys := fstest.MapFS{
			"site.yaml":         {Data: []byte(siteYAML)},
			"news/2025/f.md":    {Data: []byte(doc)},
			"gazette/2025/01/x": {Data: []byte("x")},
		}
		_, err := Load(context.Background(), fsys, Options{Now: now})
		if err == nil {
			return
		}
		var list ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("error is not an ErrorList: %v", err)
		}
		for _, e := range list {
			if e.Path != "content/news/2025/f.md" || e.Line < 0 || e.Msg == "" {
				t.Fatalf("error without a place: %+v", e)
			}
		}
	})
}

// TestHostileFiles: binary, invalid UTF-8 and oversized files get clear
// errors; a large valid file loads.
func TestHostileFiles(t *testing.T) {
	big := "---\ntitle: 大文件\ndate: 2025-01-02\n---\n" + strings.Repeat("第一條　為了規範政府信息公開工作，制定本規定。\n\n", 50<<20/70)
	fsys := fstest.MapFS{
		"site.yaml":           {Data: []byte(siteYAML)},
		"news/2025/binary.md": {Data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")},
		"news/2025/latin1.md": {Data: []byte("---\ntitle: caf\xe9\ndate: 2025-01-02\n---\n")},
		"news/2025/huge.md":   {Data: make([]byte, MaxFileSize+1)},
		"news/2025/big.md":    {Data: []byte(big)},
	}
	_, err := Load(context.Background(), fsys, Options{Now: now})
	want := []string{
		"content/news/2025/binary.md: binary file",
		"content/news/2025/huge.md: file is larger than the 64 MiB limit",
		"content/news/2025/latin1.md:2: not valid UTF-8",
	}
	for _, w := range want {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("errors %v\nlack %q", err, w)
		}
	}
	if strings.Contains(err.Error(), "big.md") {
		t.Errorf("a 50 MB file failed: %v", err)
	}
}
