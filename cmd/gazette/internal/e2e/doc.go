// Package e2e holds the end-to-end tests: a whole site built from content,
// served by the real server, and read by real clients — headless Chromium
// driven with chromedp, a feed parser. It has no code of its own.
package e2e
