package disk

// IDFile is the resolver's map, for gazette serve's /id and for a static
// host: each document by the key of its title (law.TitleKey) and of its
// 文號 (zh.DocNumberKey), with its URL, title, date and articles.
const IDFile = "data/id.json"

// IDEntry is one document of IDFile.
type IDEntry struct {
	URL      string   `json:"url"`
	Title    string   `json:"title"`
	Date     string   `json:"date"` // the day it takes effect, YYYY-MM-DD
	Articles []string `json:"articles,omitempty"`
}

// IDMap is IDFile.
type IDMap struct {
	Titles  map[string][]IDEntry `json:"titles"`
	Numbers map[string][]IDEntry `json:"numbers"`
}
