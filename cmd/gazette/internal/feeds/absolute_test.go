package feeds

import "testing"

func TestAbsolutize(t *testing.T) {
	const page = "https://gazette.example.org/gazette/2025/01/order/"
	tests := []struct{ name, in, want string }{
		{"site-absolute", `<a href="/gazette/2025/01/">x</a>`, `<a href="https://gazette.example.org/gazette/2025/01/">x</a>`},
		{"relative file", `<a href="table.csv">x</a>`, `<a href="https://gazette.example.org/gazette/2025/01/order/table.csv">x</a>`},
		{"dot dot", `<a href="../other/">x</a>`, `<a href="https://gazette.example.org/gazette/2025/01/other/">x</a>`},
		{"dot", `<a href="./a.pdf">x</a>`, `<a href="https://gazette.example.org/gazette/2025/01/order/a.pdf">x</a>`},
		{"fragment", `<a href="#fn:1">1</a>`, `<a href="https://gazette.example.org/gazette/2025/01/order/#fn:1">1</a>`},
		{"query", `<a href="?page=2">x</a>`, `<a href="https://gazette.example.org/gazette/2025/01/order/?page=2">x</a>`},
		{"image", `<img src="seal.png" alt="印章" />`, `<img src="https://gazette.example.org/gazette/2025/01/order/seal.png" alt="印章" />`},
		{"escaped", `<a href="/search?q=%E9%95%B7&amp;page=2">x</a>`, `<a href="https://gazette.example.org/search?q=%E9%95%B7&amp;page=2">x</a>`},
		{"absolute kept", `<a href="https://www.gov.cn/a?b=1&amp;c=2">x</a>`, `<a href="https://www.gov.cn/a?b=1&amp;c=2">x</a>`},
		{"mailto kept", `<a href="mailto:a@example.org">x</a>`, `<a href="mailto:a@example.org">x</a>`},
		{"tel kept", `<a href="tel:043188888888">x</a>`, `<a href="tel:043188888888">x</a>`},
		{"protocol-relative", `<img src="//cdn.example.net/a.png" />`, `<img src="https://cdn.example.net/a.png" />`},
		{"several", `<a href="a">1</a><a href="/b">2</a>`, `<a href="https://gazette.example.org/gazette/2025/01/order/a">1</a><a href="https://gazette.example.org/b">2</a>`},
		{"text untouched", `<p>write href=&quot;/x&quot; or src=&quot;y&quot;</p>`, `<p>write href=&quot;/x&quot; or src=&quot;y&quot;</p>`},
		{"code untouched", `<code>&lt;a href=&quot;/x&quot;&gt;</code>`, `<code>&lt;a href=&quot;/x&quot;&gt;</code>`},
		{"other attribute", `<a data-href="/x" href="/y">z</a>`, `<a data-href="/x" href="https://gazette.example.org/y">z</a>`},
		{"no links", `<p>正文</p>`, `<p>正文</p>`},
	}
	for _, tt := range tests {
		if got := absolutize(tt.in, baseURL, page); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}

	// A site under a path: site-absolute links are taken against base_url.
	got := absolutize(`<a href="/news/">x</a><a href="b/">y</a>`, "https://example.gov.cn/gazette-site/", "https://example.gov.cn/gazette-site/news/2025/a/")
	if want := `<a href="https://example.gov.cn/gazette-site/news/">x</a><a href="https://example.gov.cn/gazette-site/news/2025/a/b/">y</a>`; got != want {
		t.Errorf("base_url with a path:\n got %s\nwant %s", got, want)
	}
}
