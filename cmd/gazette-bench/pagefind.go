package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is the path of a Chromium or Chrome binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pagefindResults is how many results of each Pagefind search are read: its
// index holds Hugo's list pages too, which are left out of the measures
// (a site would mark its document pages with data-pagefind-body), and
// enough must remain to fill the first ten.
const pagefindResults = 40

// pagefindSearch runs each query through Pagefind's own search API, the one
// a site's search box calls, in headless Chromium over Hugo's output
// (site, with its pagefind/ directory) served on a loopback port, and
// returns the paths of the first pagefindResults results of each, best
// first.
func pagefindSearch(ctx context.Context, browser, site string, queries []string) ([][]string, error) {
	if _, err := os.Stat(filepath.Join(site, "pagefind", "pagefind.js")); err != nil {
		return nil, fmt.Errorf("no Pagefind index in %s: %w", site, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(site)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(ctx, 20*time.Minute)
	defer cancel()
	userData, err := os.MkdirTemp("", "gazette-bench-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(userData)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(userData),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	qs, err := json.Marshal(queries)
	if err != nil {
		return nil, err
	}
	script := fmt.Sprintf(`(async () => {
  const pf = await import("/pagefind/pagefind.js");
  await pf.init();
  const out = [];
  for (const q of %s) {
    const r = await pf.search(q);
    const urls = [];
    for (const res of r.results.slice(0, %d)) urls.push((await res.data()).url);
    out.push(urls);
  }
  return out;
})()`, qs, pagefindResults)
	if err := chromedp.Do(bctx, chromedp.Navigate("http://"+ln.Addr().String()+"/")); err != nil {
		return nil, fmt.Errorf("pagefind search in chromium: %w", err)
	}
	out, err := chromedp.Run(bctx, chromedp.Evaluate[[][]string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("pagefind search in chromium: %w", err)
	}
	if len(out) != len(queries) {
		return nil, errors.New("pagefind search in chromium: not one result list per query")
	}
	return out, nil
}
