package content

// sectionTitles are what each section is called, in Traditional and in
// Simplified characters. The section of a document is the first folder of
// its path (see classify); pages are served under /about/.
var sectionTitles = map[string][2]string{
	"gazette":   {"政府公報", "政府公报"},
	"briefings": {"政務信息", "政务信息"},
	"news":      {"新聞發布", "新闻发布"},
	"pages":     {"機構概況", "机构概况"},
	"reports":   {"政府信息公開工作年度報告", "政府信息公开工作年度报告"},
}

// Sections are the sections of a site, in the order the site shows them.
var Sections = []string{"gazette", "briefings", "news", "pages", "reports"}

// SectionTitle is what a section is called in script lang (zh-Hant or
// zh-Hans), or the section's name when it is not one of the site's.
func SectionTitle(section, lang string) string {
	t, ok := sectionTitles[section]
	switch {
	case !ok:
		return section
	case lang == "zh-Hans":
		return t[1]
	}
	return t[0]
}
