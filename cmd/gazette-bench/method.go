package main

import "fmt"

// method is the report's "How it is measured": what every row is, from
// the constants and flags of this run.
func method(cfg *config) string {
	return fmt.Sprintf(`
## How it is measured

- Each size is the corpus scaled by %[1]sscale.sh N%[1]s (documents in a fixed pseudo-random order; past 5,000,
  copies with new slugs, titles and dates and no 文號), with gazette's %[1]scontent/site.yaml%[1]s.
- gazette is built once with %[1]sgo build%[1]s, then every step is a whole process: wall time from start to
  exit, peak resident memory from wait4's rusage (which covers the processes it waited for).
- **Cold build**: %[1]sgazette build%[1]s with no public/, index/ or cache (the user cache directory points into the
  emptied output directory). **No-change rebuild**: the same command again. **One-document edit**: a line
  with a new word is added to one document's body, then %[1]sgazette build%[1]s; after each run the page must
  show the word, %[1]sgazette search -json%[1]s must find the document first, and must no longer find the previous
  run's word. The check is not part of the time. **With %[1]sgazette serve -watch%[1]s**: after the search load, the
  server runs in watch mode (its first, complete build not timed) and the same kind of edit is saved %[8]d times
  to another document; each is timed from the save until, over HTTP, the page shows the word and
  %[1]s/api/search%[1]s finds the document first by it and no longer finds the previous edit's word (polled every
  2 ms). Between edits the benchmark waits for the server's log to be quiet for a second.
- **Scheduled publication**: a new document is dated twice the cold build and 5 s ahead, then
  %[1]sgazette serve -publish%[1]s starts (its first build, which schedules it, not timed); its URL must answer
  404 before the instant. It is timed from the instant until, over HTTP, the page shows it and
  %[1]s/api/search%[1]s finds it first (polled every 10 ms): the publisher's wait plus a whole build.
- **One script**: the site is built by default in both scripts (%[1]sboth_scripts: true%[1]s in site.yaml, every
  page also under /zh-hans/); the cold build and the one-document edit are run again, the same way, with
  %[1]sboth_scripts: false%[1]s. The second script's share is the cold build's time over this one's, less one.
- **Hugo** builds a copy of the same content (issue pages %[1]sindex.md%[1]s → %[1]s_index.md%[1]s, so they are
  sections rather than leaf bundles that swallow their documents; an %[1]s_index.md%[1]s per year) with minimal
  layouts written by the benchmark: single, list, home and RSS (newest 50 items), taxonomies organ, topic
  and tags; from an empty public/ and cache. **Pagefind** (%[1]spagefind_extended --site public%[1]s, the binary
  npm's %[1]spagefind%[1]s runs, with Chinese segmentation) indexes Hugo's output. A peer is skipped at a size
  where its expected memory (from a smaller size of this run, or the issue's figures) exceeds 90%% of the
  memory available.
- **Search**: %[1]sgazette serve%[1]s on a free 127.0.0.1 port; first every distinct 文號 query (up to %[2]d) once,
  one at a time, checking its document comes first (this also warms the index); then %[3]d clients send
  %[1]sGET /api/search?q=…%[1]s back to back for %[4]s or %[5]s requests, whichever comes first, cycling through
  %[6]s queries drawn from the documents' titles and 文號 in the shares of the table above. Latency is per
  request as a client sees it, including reading the whole response; anything but a 200 is an error.
  Clients and server share the machine's CPUs. The server keeps the results of its most recent distinct
  searches (a few thousand), so a query's later requests are answered from memory; the row "a query's first request" is
  the requests that asked a query for the first time (not in the warm-up), which searched the index. Then the same
  load runs again against a new %[1]sgazette serve -no-results-cache%[1]s, which searches the index for every request:
  the rows "results cache off".
- **Newsroom** (issue 22): the content is made into the record with %[1]sgazette console init%[1]s (timed, a whole
  process), a 起草 account is added with %[1]sgazette user add%[1]s, and %[1]sgazette console%[1]s starts on a free
  127.0.0.1 port (without Decap CMS's files: the proxy protocol is gazette's own). A client logs in through the
  form, keeping the session cookie and CSRF token as a browser does, reads %[1]s/cms/config.yml%[1]s as Decap CMS does,
  and saves new gazette documents in the newest issue's collection with the protocol's %[1]spersistEntry%[1]s (the
  editorial workflow: each a draft of its own, checked with %[1]sgazette check%[1]s's rules on the tree with the
  change), each timed from the request to the end of the answer. The first is sent as soon as the console answers
  and the login is done, while it still reads the record (the cold start); the other %[10]d once the console is idle
  (under 2%% of a CPU for a second). A document dated on no day must then be refused with its path:line:col.
  Then %[11]d pages of the staff listing (%[1]s/search%[1]s, the queries %[12]s (the empty one lists everything)
  and one document's organ, each at pages
  %[13]s) are timed the same way; the unfiltered listing must count every document, and the search must list the
  last draft by its title. ✓ / ✗ on the median; the slowest is beside it.
- **Ranking**: the whole corpus (%[9]s documents, no copies) is built by gazette, and by Hugo and Pagefind when they
  run; each judged query of %[1]scmd/gazette-bench/testdata/ranking/%[1]s (generated from the corpus's titles by
  %[1]sTestJudgedQueries%[1]s, plus those written by hand, each with why) is asked once of %[1]sgazette serve%[1]s
  (%[1]s/api/search%[1]s, first page of ten) and of Pagefind's own search API (%[1]spagefind.js%[1]s in headless
  Chromium over Hugo's output served on loopback; Hugo's list pages left out of its results). P@1 counts a query
  whose first hit has the best grade of its judgements; MRR averages 1/rank of the first such hit in the first ten
  (0 when none); nDCG@10 uses gains 2^grade − 1.
- A step running longer than %[7]s is killed and recorded as timeout.
`, "`", warmupDocNums, cfg.clients, dur(cfg.searchTime), thousands(cfg.searchMax), thousands(queryPool), dur(cfg.timeout), liveRuns, thousands(corpusSize),
		newsroomSaves, (len(listingQueries)+1)*len(listingPages), quoteList(listingQueries), intList(listingPages))
}
