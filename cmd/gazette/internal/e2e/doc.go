// Package e2e holds the end-to-end tests: a whole site built from content,
// served by the real server, and read by real clients — headless Chromium
// driven with chromedp, a feed parser, and the pinned npm tools in
// testdata/package.json (npm ci there): axe-core injected into pages,
// html-validate, Lighthouse. It has no code of its own.
//
//   - TestReaderJourneys, TestKeyboardSearch, TestCitizenJourney: a reader
//     at 1280 and 375 px, by mouse and by keyboard alone.
//   - TestHeader: the masthead as drawn on a phone and a desktop, and how
//     far down the first heading and the first search result are.
//   - TestReadingView: a decree and a news item set for reading — indent,
//     justification, balanced titles, the rail or the folded table.
//   - TestDocumentStructure: the styles of a 公文's marked-up structure
//     (章, 條, their links, the 落款) that the templates' doc lists.
//   - TestReportsOnPhones: an annual report's table 三 and chart on a phone
//     and a desktop; the reports, site map and open data from the footer.
//   - TestFooter: the footer at the bottom of short pages, and the site's
//     identity marks (網站標識碼, ICP and 公安 registrations, 黨政機關 mark,
//     網站糾錯) on every page.
//   - TestSimplifiedCopy: the Simplified copy's quotation marks (“”) and
//     its Simplified-first fonts.
//   - TestIssueEdition: an issue page with its PDF's cover and each
//     document's page in the PDF.
//   - TestReadingModes, TestModeSwitch, TestReadAloud, TestReaderTools,
//     TestReaderPreferences: the 長輩版 (elder mode) and the standard mode
//     measured on every kind of page (see limits), the switch without
//     JavaScript and, with it, without a server; read-aloud paragraph by
//     paragraph; A− / A+ and 高對比; prefers-contrast,
//     prefers-reduced-motion and 200% text.
//   - TestAxe, TestHTMLValid, TestLighthouse: the auditors (axe with the
//     WCAG 2.2 rules); with -update each records its run in the templates'
//     accessibility.json, which the 無障礙聲明 shows (site.AuditFile).
//   - TestFocusNotObscured: every focusable element, focused forwards and
//     back, wholly in the window with nothing over it (WCAG 2.4.11).
//   - TestHostileContentRunsNoScript, TestLoad (-load): security and load.
//
// The tests read one sample site, built once (with the issue PDFs where
// WeasyPrint is installed, as it must be under CI=true) and served while
// they run. Every kind of page is checked in both scripts: the site's own
// and its copy under /zh-hans/. The browser tests save screenshots of every kind of
// page, both widths, both modes and both scripts, to screenshots/ here
// (git-ignored), for a person to look at.
// Without Chromium or the npm tools a test skips and says how to install
// them; under CI=true it fails instead.
package e2e
