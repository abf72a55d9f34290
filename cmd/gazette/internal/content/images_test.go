package content

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
)

// An image the body shows, uploaded beside the Markdown as Decap CMS does,
// is published with the document; a file beside it that nothing shows, a
// missing one, one in a code span and one already an attachment are not
// published as images.
func TestBodyImagesPublished(t *testing.T) {
	body := "![供熱](heat.png)\n\n![地圖](map.png) ![缺](gone.png) `![碼](code.png)` ![外](https://example.org/x.png) ![上](../up.png)\n"
	fsys := fstest.MapFS{
		"site.yaml":            {Data: []byte(siteYAML)},
		"news/2025/a.md":       {Data: []byte("---\ntitle: 圖片\ndate: 2025-01-02\nattachments: [map.png]\n---\n" + body)},
		"news/2025/heat.png":   {Data: []byte("png")},
		"news/2025/map.png":    {Data: []byte("png")},
		"news/2025/code.png":   {Data: []byte("png")},
		"news/2025/unused.png": {Data: []byte("png")},
	}
	s, err := Load(context.Background(), fsys, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	d := s.Documents[0]
	var images, assets []string
	for _, a := range d.Images {
		images = append(images, a.URL)
	}
	for _, a := range s.Assets {
		assets = append(assets, a.URL)
	}
	if want := []string{"/news/2025/a/heat.png"}; !slices.Equal(images, want) {
		t.Errorf("Images = %q, want %q", images, want)
	}
	slices.Sort(assets)
	if want := []string{"/news/2025/a/heat.png", "/news/2025/a/map.png"}; !slices.Equal(assets, want) {
		t.Errorf("Assets = %q, want %q", assets, want)
	}
}
