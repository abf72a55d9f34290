package e2e

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// pageKind is one kind of page of the sample site, at one address.
type pageKind struct{ name, path string }

// kinds are the kinds of page a reader meets, one of each, in the site's
// own script.
var kinds = []pageKind{
	{"home", "/"},
	{"section", "/briefings/"},
	{"gazette", "/gazette/"},
	{"issue", "/gazette/2025/01/"},
	{"document", "/gazette/2024/12/2024-gov-doc-18-business-environment/"},
	{"attachment-document", "/gazette/2025/01/2025-office-doc-2-heating-supply/"},
	{"news", "/news/2025/2025-interpretation-12345-hotline/"},
	{"organ", "/organs/" + url.PathEscape("長春市人民政府") + "/"},
	{"organs", "/organs/"},
	{"about", "/about/duties/"},
	{"archive", "/archive/"},
	{"feeds", "/feeds/"},
	{"reports", "/reports/"},
	{"report", "/reports/2024/"},
	{"sitemap", "/sitemap/"},
	{"data", "/data/"},
	{"accessibility", "/accessibility/"},
	{"search", "/search?q=" + url.QueryEscape("供热")},
	{"no-results", "/search?q=zzzzqqq"},
	{"notfound", "/no/such/page/"},
}

// pageKinds are the kinds in both scripts: each again in the Simplified
// copy, named with "-hans". The accessibility checks and the 適老化
// measurements run on all of them.
var pageKinds = bothScripts(kinds)

func bothScripts(ks []pageKind) []pageKind {
	out := make([]pageKind, 0, 2*len(ks))
	for _, k := range ks {
		out = append(out, k, pageKind{k.name + "-hans", "/zh-hans" + k.path})
	}
	return out
}

// The two reading modes, by the name of the link that switches to each.
const (
	standard = "standard"
	elder    = "elder"
)

// setMode switches the reading mode as a reader does: by following the
// header's link (a plain link, no script needed).
func setMode(t *testing.T, ctx context.Context, base, mode string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mode/"+mode+"?to=/")); err != nil {
		t.Fatalf("switching to the %s mode: %v", mode, err)
	}
}

// viewport sets the window: 1280 px wide for a desktop, 375 for a phone.
func viewport(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	height := int64(900)
	if width < 600 {
		height = 740
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height, opts...)); err != nil {
		t.Fatal(err)
	}
}

// media emulates CSS media features (prefers-contrast, prefers-reduced-motion);
// no feature clears them.
func media(t *testing.T, ctx context.Context, features ...*emulation.MediaFeature) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: features}); err != nil {
		t.Fatal(err)
	}
}

// noScript turns JavaScript off (or on again) for the pages loaded next.
func noScript(t *testing.T, ctx context.Context, off bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
		t.Fatal(err)
	}
}

// screenshot saves the whole page as screenshots/NAME.jpg beside this
// package (git-ignored), for a person to look at. JPEG, because encoding a
// PNG of a long page at 1280 px takes longer than measuring it.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	jpeg, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dir := "screenshots"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".jpg"), jpeg, 0o644); err != nil {
		t.Fatal(err)
	}
}

// eval runs a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("%.60s…: %v", expr, err)
	}
	return v
}

// cookieNames lists the cookies the browser holds for the page.
func cookieNames(t *testing.T, ctx context.Context) string {
	t.Helper()
	var names []string
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{})
		for _, c := range res.Cookies {
			names = append(names, c.Name+"="+c.Value)
		}
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(names, "; ")
}
