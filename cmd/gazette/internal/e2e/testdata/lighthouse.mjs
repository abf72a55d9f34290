// Runs Lighthouse's accessibility, best-practices and SEO audits on each URL
// given, in one headless Chromium (CHROME_PATH), and prints one JSON line per
// URL: the category scores and every audit that did not pass.
//
//   node lighthouse.mjs URL...
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const categories = ["accessibility", "best-practices", "seo"];
// The pages are static and local: no need to wait for the network and the
// CPU to go quiet as for a site on the internet.
const config = {
  extends: "lighthouse:default",
  settings: {onlyCategories: categories, disableFullPageScreenshot: true, pauseAfterFcpMs: 0, pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0, cpuQuietThresholdMs: 0},
};
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  // The machine's network is closed: no background connections.
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  for (const url of process.argv.slice(2)) {
    const {lhr} = await lighthouse(url, {port: chrome.port, logLevel: "error"}, config);
    const scores = {};
    const failed = [];
    for (const id of categories) {
      const c = lhr.categories[id];
      scores[id] = c.score;
      for (const ref of c.auditRefs) {
        const a = lhr.audits[ref.id];
        if ((a.scoreDisplayMode === "binary" || a.scoreDisplayMode === "numeric") && a.score !== 1) {
          const items = (a.details && a.details.items || []).slice(0, 3).map((i) => JSON.stringify(i.node ? i.node.snippet : i).slice(0, 160));
          failed.push(id + "/" + ref.id + ": " + a.title + (a.explanation ? " (" + a.explanation + ")" : "") + (items.length ? " " + items.join("; ") : ""));
        }
      }
    }
    console.log(JSON.stringify({url, scores, failed, error: lhr.runtimeError ? lhr.runtimeError.message : ""}));
  }
} finally {
  await chrome.kill();
}
