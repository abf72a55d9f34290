package feeds

import (
	"encoding/xml"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/content"
)

// archiveDoc is what RFC 5005 adds to an Atom document, read as a client
// reads it.
type archiveDoc struct {
	ID      string `xml:"id"`
	Archive *struct {
		XMLName xml.Name
	} `xml:"http://purl.org/syndication/history/1.0 archive"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
}

func readArchiveDoc(t *testing.T, name string, data []byte) (archiveDoc, map[string]string) {
	t.Helper()
	var doc archiveDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	rels := map[string]string{}
	for _, l := range doc.Links {
		if _, dup := rels[l.Rel]; dup {
			t.Errorf("%s: two links rel=%q", name, l.Rel)
		}
		rels[l.Rel] = l.Href
	}
	return doc, rels
}

// archives returns the archive files among files, by path, oldest first.
func archives(files map[string][]byte) []string {
	var names []string
	for name := range files {
		if strings.HasPrefix(name, "feeds/archive/") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func TestArchives(t *testing.T) {
	site := loadSite(t, repealed, after)
	files := build(t, site)
	names := archives(files)
	// utc.md, published 2025-01-31T20:00Z, is February in Shanghai.
	want := []string{"feeds/archive/2025/01.xml", "feeds/archive/2025/02.xml", "feeds/archive/2025/03.xml"}
	if !slices.Equal(names, want) {
		t.Fatalf("archives %q, want %q", names, want)
	}

	// Every archive is Atom a real client reads, marked as an archive, in
	// a chain from the oldest to the newest, each pointing at the site feed.
	site0 := items(t, files, "atom.xml")
	where := map[string][]string{} // document URL → archives holding it
	for i, name := range names {
		f := parse(t, name, files[name])
		if f.FeedType != "atom" || f.Language != "zh-Hant" {
			t.Errorf("%s: gofeed reads %q in %q, want atom in zh-Hant", name, f.FeedType, f.Language)
		}
		doc, rels := readArchiveDoc(t, name, files[name])
		if doc.Archive == nil {
			t.Errorf("%s: no <fh:archive/>", name)
		}
		if doc.ID != baseURL {
			t.Errorf("%s: id %q, want the site feed's %q", name, doc.ID, baseURL)
		}
		wantRels := map[string]string{
			"self":      baseURL + name,
			"current":   baseURL + "atom.xml",
			"alternate": baseURL + "archive/2025/",
		}
		if i > 0 {
			wantRels["prev-archive"] = baseURL + names[i-1]
		}
		if i+1 < len(names) {
			wantRels["next-archive"] = baseURL + names[i+1]
		}
		if !maps.Equal(rels, wantRels) {
			t.Errorf("%s: links %v, want %v", name, rels, wantRels)
		}
		if len(f.Items) == 0 {
			t.Errorf("%s: no items", name)
		}
		for _, it := range f.Items {
			checkItem(t, name, "atom.xml", it, true)
			where[it.GUID] = append(where[it.GUID], name)
			// The full text, as the site feed carries it.
			if s := site0[it.GUID]; s == nil || it.Content != s.Content || it.Title != s.Title || it.Updated != s.Updated {
				t.Errorf("%s: %s differs from the site feed's item", name, it.GUID)
			}
		}
	}

	// Every published document is in exactly one archive, its month's.
	n := 0
	for _, d := range site.Documents {
		if !IsItem(d) {
			continue
		}
		n++
		month := d.Date.In(shanghai).Format("2006/01")
		if got := where[baseURL+strings.TrimPrefix(d.URL, "/")]; !slices.Equal(got, []string{"feeds/archive/" + month + ".xml"}) {
			t.Errorf("%s is in archives %q, want only %s's", d.URL, got, month)
		}
	}
	if n != 9 || len(where) != n {
		t.Errorf("%d documents, %d in archives; want 9 in both", n, len(where))
	}

	// The site feed's Atom leads to the newest archive; the others lead nowhere.
	_, rels := readArchiveDoc(t, "atom.xml", files["atom.xml"])
	prev, ok := strings.CutPrefix(rels["prev-archive"], baseURL)
	if _, exists := files[prev]; !ok || !exists || prev != names[len(names)-1] {
		t.Errorf("atom.xml: prev-archive %q, want %s, which the build writes", rels["prev-archive"], baseURL+names[len(names)-1])
	}
	for _, name := range []string{"feed.xml", "feed.json", "gazette/atom.xml", "organs/長春市人民政府/atom.xml"} {
		if strings.Contains(string(files[name]), "prev-archive") {
			t.Errorf("%s links an archive; only the site feed's Atom should", name)
		}
	}
}

// TestArchivesUnderEmbargo adds to TestEmbargoedAbsentUntilItsTime, which
// looks for embargoed text in every file: the archives hold what is out
// and link to no month yet to come.
func TestArchivesUnderEmbargo(t *testing.T) {
	// new.md (2025-02-15) and future.md (2025-03-01) are not out:
	// February's archive holds utc.md only, and is the newest.
	early := build(t, loadSite(t, testContent, before))
	if got := archives(early); !slices.Equal(got, []string{"feeds/archive/2025/01.xml", "feeds/archive/2025/02.xml"}) {
		t.Errorf("archives before new.md and future.md: %q", got)
	}
	feb := "feeds/archive/2025/02.xml"
	if f := parse(t, feb, early[feb]); len(f.Items) != 1 || f.Items[0].Link != baseURL+"briefings/2025/utc/" {
		t.Errorf("%s before new.md: %d items, want utc.md only", feb, len(f.Items))
	}
	if _, rels := readArchiveDoc(t, feb, early[feb]); rels["next-archive"] != "" {
		t.Errorf("%s links to %s before March's is out", feb, rels["next-archive"])
	}
	// One second before future.md, March has no archive and nothing links to one.
	for name, data := range build(t, loadSite(t, testContent, day("2025-03-01").Add(-time.Second))) {
		if strings.HasPrefix(name, "feeds/archive/2025/03") || strings.Contains(string(data), "archive/2025/03") {
			t.Errorf("%s: March's archive a second before its only document", name)
		}
	}
	// At its time, March's archive holds it, and February's leads there.
	late := build(t, loadSite(t, testContent, after))
	if f := parse(t, "feeds/archive/2025/03.xml", late["feeds/archive/2025/03.xml"]); len(f.Items) != 1 || f.Items[0].Link != baseURL+"news/2025/future/" {
		t.Errorf("March's archive after future.md: %d items, want future.md", len(f.Items))
	}
	if _, rels := readArchiveDoc(t, feb, late[feb]); rels["next-archive"] != baseURL+"feeds/archive/2025/03.xml" {
		t.Errorf("%s: next-archive %q once March's is out", feb, rels["next-archive"])
	}
}

// planKeys returns the key of every job Plan makes for site, by its first path.
func planKeys(t *testing.T, site *content.Site) map[string][32]byte {
	t.Helper()
	keys := map[string][32]byte{}
	for _, j := range Plan(site, [32]byte{}, content.Stamps(site.Documents, nil), bodyOf, nil) {
		keys[j.Paths[0]] = j.Key
	}
	return keys
}

// changed lists the archives whose key differs between two plans, or that
// only one has.
func changedArchives(a, b map[string][32]byte) []string {
	var out []string
	for p := range a {
		if strings.HasPrefix(p, "feeds/archive/") && a[p] != b[p] {
			out = append(out, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok && strings.HasPrefix(p, "feeds/archive/") {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func TestArchiveKeys(t *testing.T) {
	v1 := planKeys(t, loadSite(t, repealed, after))
	if n := len(changedArchives(nil, v1)); n != 3 {
		t.Fatalf("%d archive jobs, want 3", n)
	}
	if again := planKeys(t, loadSite(t, repealed, after)); len(changedArchives(v1, again)) != 0 {
		t.Errorf("the same content changes archives %q", changedArchives(v1, again))
	}

	// A body edit remakes its month's archive, no other.
	body := edit(map[string]string{"briefings/2025/hotline.md": strings.Replace(testContent["briefings/2025/hotline.md"], "一季度共受理訴求。", "一季度共受理訴求12,345件。", 1)})
	body["gazette/2025/01/old.md"] = repealed["gazette/2025/01/old.md"]
	v2 := planKeys(t, loadSite(t, body, after))
	if got := changedArchives(v1, v2); !slices.Equal(got, []string{"feeds/archive/2025/01.xml"}) {
		t.Errorf("editing a January briefing changes archives %q, want only January's", got)
	}

	// A document in a new month adds its archive and changes the one
	// before (its next-archive).
	added := edit(map[string]string{"news/2025/april.md": "---\ntitle: 四月新聞\ndate: 2025-04-02\n---\n四月。\n"})
	added["gazette/2025/01/old.md"] = repealed["gazette/2025/01/old.md"]
	v3 := planKeys(t, loadSite(t, added, day("2025-04-03")))
	if got := changedArchives(v1, v3); !slices.Equal(got, []string{"feeds/archive/2025/03.xml", "feeds/archive/2025/04.xml"}) {
		t.Errorf("a document in April changes archives %q, want March's and April's", got)
	}
}
