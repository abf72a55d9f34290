package build

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/script"
	"gazette/cmd/gazette/internal/zh"
)

// inScripts makes each job write its files in the site's script — a page
// shows a document written in the other one converted — and, when the site
// has both scripts, a copy of each page, feed and data file converted into
// the other under its root (/zh-hans/ …). The copies are made from the same
// bytes when the job is made, so they share its key: an edit converts what
// it remakes and nothing else.
func inScripts(cfg content.Config, assets []content.Attachment, jobs []publish.Job) error {
	conv, err := zh.To(cfg.Language)
	if err != nil {
		return err
	}
	own := &script.Copy{Lang: cfg.Language, BaseURL: cfg.BaseURL, Text: conv.String}
	// A page holds text to convert only where it marks the other script.
	mark := []byte(`lang="` + script.Other(cfg.Language) + `"`)
	var other *script.Copy
	if cfg.BothScripts {
		lang := script.Other(cfg.Language)
		conv, err := zh.To(lang)
		if err != nil {
			return err
		}
		copied := map[string]bool{}
		for _, j := range jobs {
			for _, p := range j.Paths {
				if script.Converts(p) {
					copied[p] = true
				}
			}
		}
		// Attachments are files too, and have no copy.
		for _, a := range assets {
			delete(copied, strings.TrimPrefix(a.URL, "/"))
		}
		other = &script.Copy{Lang: lang, Root: script.Roots[lang], BaseURL: cfg.BaseURL, Text: conv.String,
			Has: func(p string) bool { return copied[p] }}
	}
	for i := range jobs {
		j := &jobs[i]
		if other != nil {
			for _, p := range j.Paths {
				if other.Has(p) {
					j.Paths = append(slices.Clip(j.Paths), strings.TrimPrefix(other.Root, "/")+"/"+p)
				}
			}
		}
		makeFiles := j.Make
		j.Make = func() ([]publish.File, error) {
			files, err := makeFiles()
			if err != nil {
				return nil, err
			}
			for k, f := range files {
				if path.Ext(f.Path) == ".html" && bytes.Contains(f.Data, mark) {
					if files[k].Data, err = own.HTML(f.Data); err != nil {
						return nil, err
					}
				}
			}
			if other == nil {
				return files, nil
			}
			for _, f := range files {
				if f.Src != "" || !other.Has(f.Path) {
					continue
				}
				data, err := other.File(f.Path, f.Data)
				if err != nil {
					return nil, err
				}
				files = append(files, publish.File{Path: strings.TrimPrefix(other.Root, "/") + "/" + f.Path, Data: data})
			}
			return files, nil
		}
	}
	return nil
}
