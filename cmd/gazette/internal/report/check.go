package report

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"gazette/cmd/gazette/internal/content"
)

// FirstYear is the first year whose report takes the 2021 format
// (國辦公開辦函〔2021〕30號); earlier years used the 2019 trial format,
// which this package does not make.
const FirstYear = 2021

// Check checks every report file of s, published or not: its year, its six
// sections, its data block and the data block's agreement with the archive.
// It returns a content.ErrorList, or nil, or the error of reading a
// report's body again from fsys (the content folder) where it was not kept;
// root is how content paths are shown ("content").
func Check(s *content.Site, fsys fs.FS, root string) error {
	var errs content.ErrorList
	for _, d := range s.All {
		if d.Kind != content.KindReport {
			continue
		}
		shown := path.Join(root, d.Path)
		if d.Year < FirstYear {
			errs = append(errs, &content.Error{Path: shown, Line: 1, Msg: fmt.Sprintf(
				"a report for %d: reports before %d take the 2019 trial format (國辦公開辦函〔2019〕60號), which gazette does not make", d.Year, FirstYear)})
			continue
		}
		body := d.Body
		if body == nil {
			var err error
			if body, err = content.ReadBody(fsys, d); err != nil {
				return fmt.Errorf("%s: %w", shown, err)
			}
		}
		errs = append(errs, checkSections(body, d.BodyLine, shown)...)
		_, es := Compute(s, d.Year, d, root)
		errs = append(errs, es...)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

var h2 = regexp.MustCompile(`^ {0,3}## +(.*?)(?: +#+)? *$`)

// checkSections checks that the level-2 headings of a report's body are the six
// sections of the format, in order, in either script: the page puts each
// table under its section.
func checkSections(body []byte, bodyLine int, shown string) content.ErrorList {
	var errs content.ErrorList
	bad := func(line int, format string, args ...any) {
		errs = append(errs, &content.Error{Path: shown, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	next := 0
	fence := ""
	lines := strings.Split(string(body), "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		m := h2.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		line := bodyLine + i
		k := SectionIndex(m[1])
		switch {
		case k < 0:
			bad(line, "heading %q: a report's ## headings are its six sections, %s … %s; use ### for the parts of a section",
				m[1], hant.Sections[0], hant.Sections[5])
		case k < next:
			bad(line, "section %q again, or out of order", m[1])
		default:
			for j := next; j < k; j++ {
				bad(line, "section %q is missing before %q", hant.Sections[j], m[1])
			}
			next = k + 1
		}
	}
	for j := next; j < 6; j++ {
		bad(bodyLine+max(0, len(lines)-1), "section %q is missing: write it as the heading ## %s", hant.Sections[j], hant.Sections[j])
	}
	return errs
}

// SectionIndex is the index of a section heading, in either script, or -1.
func SectionIndex(h string) int {
	for i := range hant.Sections {
		if h == hant.Sections[i] || h == hans.Sections[i] {
			return i
		}
	}
	return -1
}
