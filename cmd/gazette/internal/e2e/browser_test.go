package e2e

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gazette/cmd/internal/testenv"
)

// browser starts headless Chromium for one test. Without a browser the test
// skips with a message, except under CI=true, where it fails: CI must have
// installed it (.ci/run does).
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// Start the browser now, so a broken install fails here, clearly.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	// Every step of the test runs under one deadline: an element that never
	// appears fails the test rather than hanging it.
	ctx, cancelSteps := context.WithTimeout(ctx, browserTestTime)
	t.Cleanup(cancelSteps)
	return ctx
}

// browserTestTime bounds one browser test; the longest (every kind of page
// in both scripts, modes and widths) takes minutes on a busy machine.
const browserTestTime = 8 * time.Minute

// chromiumPath finds Chromium, or skips the test (fails it under CI=true).
func chromiumPath(t *testing.T) string {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		testenv.Missing(t, "no Chromium on this machine: .ci/run must install the chromium package", "no Chromium: install Debian's chromium and fonts-noto-cjk to run the browser tests")
	}
	return path
}

// typeInto types text into the element sel, as chromedp.SendKeys does with
// anything but a file input. SendKeys reads the node's attributes without
// the node's lock while chromedp's event loop rewrites them as the page
// changes them (a select opening, an editor re-rendering), which the race
// detector reports; focusing the node reads only its id.
func typeInto[S chromedp.Selectable](sel S, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.Focus(sel, chromedp.NodeVisible), chromedp.KeyEvent(text))
}
