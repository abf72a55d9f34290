package console

import (
	"slices"

	"gazette/cmd/gazette/internal/content"
)

// widget says how the console's form edits one field of the contract. The
// table is in the order the form shows the fields; the contract itself
// (which fields a kind takes, which it requires) comes from package content,
// and a field of the contract missing here fails the configuration.
type widget struct {
	name string
	make func(g *generator, required bool) field
}

var widgetTable = []widget{
	{"title", func(*generator, bool) field { return field{Label: "標題", Widget: "string"} }},
	{"date", func(*generator, bool) field {
		f := dateTime("發布日期")
		f.Hint = "未來的日期與時間即禁發（embargo）：簽發後到時才公開。"
		return f
	}},
	{"doc_number", func(*generator, bool) field {
		return field{Label: "文號", Widget: "string", Hint: "如 長府發〔2025〕3號；全站唯一。",
			Pattern: []string{docNumberPattern, "文號寫作「機關代字〔年份〕序號號」或「……第N號」，如 長府發〔2025〕3號"}}
	}},
	{"organ", func(g *generator, _ bool) field {
		f := g.choice("發布機構", "organ")
		f.Default = g.cfg.Organ.Name
		return f
	}},
	{"category", func(g *generator, _ bool) field { return g.choice("文種/類別", "category") }},
	{"topic", func(g *generator, _ bool) field { return g.choice("主題分類", "topic") }},
	{"written", func(*generator, bool) field { return date("成文日期") }},
	{"effective", func(*generator, bool) field { return date("施行日期") }},
	{"validity", func(*generator, bool) field {
		return field{Label: "有效性", Widget: "select", Default: content.Valid,
			Options: []string{content.Valid, "已修改", "廢止", "失效"}}
	}},
	{"expires", func(*generator, bool) field {
		f := date("失效日期")
		f.Hint = "此日期後有效性自動為「失效」。"
		return f
	}},
	{"normative", func(*generator, bool) field {
		return field{Label: "行政規範性文件", Widget: "boolean", Default: false}
	}},
	{"repealed_on", func(*generator, bool) field {
		f := date("廢止日期")
		f.Hint = "有效性為廢止或失效、且本站沒有廢止它的文件時填寫。"
		return f
	}},
	{"amends", func(*generator, bool) field { return refList("修改的文件") }},
	{"repeals", func(*generator, bool) field { return refList("廢止的文件") }},
	{"superseded_by", func(*generator, bool) field { return ref("被以下文件取代") }},
	{"previous", func(*generator, bool) field {
		f := ref("上一版本")
		f.Hint = "同一法規的上一個版本（文號或路徑）：頁面列出沿革，舊版自動標為已修改。"
		return f
	}},
	{"interprets", func(*generator, bool) field {
		f := ref("解讀的文件")
		f.Hint = "政策解讀：所解讀文件的文號。"
		return f
	}},
	{"index_number", func(*generator, bool) field {
		return field{Label: "索引號", Widget: "string", Hint: "留空則自動生成；發布後勿改。"}
	}},
	{"source", func(*generator, bool) field { return field{Label: "來源", Widget: "string"} }},
	{"summary", func(*generator, bool) field {
		return field{Label: "摘要", Widget: "text", Hint: "留空則取正文第一段。"}
	}},
	{"tags", func(*generator, bool) field {
		return list("標籤", field{Label: "標籤", Name: "tag", Widget: "string"})
	}},
	{"attachments", func(*generator, bool) field {
		f := list("附件", field{Label: "文件", Name: "file", Widget: "file"})
		f.Hint = "與本文放在同一目錄，發布時列出大小與類型。"
		return f
	}},
	{"history", func(*generator, bool) field {
		f := field{Label: "更正/修訂記錄", Widget: "list", Collapsed: true, Fields: []field{
			dateRequired("日期", "date"), {Label: "說明", Name: "note", Widget: "string", Required: true},
		}}
		return f
	}},
	{"aliases", func(*generator, bool) field {
		f := list("舊網址", field{Label: "舊網址", Name: "alias", Widget: "string", Pattern: []string{`^/`, "以 / 開頭的站內路徑"}})
		f.Hint = "須繼續可用的舊網址（自動轉到本頁）。"
		return f
	}},
	{"slug", func(*generator, bool) field {
		return field{Label: "網址名", Widget: "string", Hint: "網址的最後一段；留空則用文件名。",
			Pattern: []string{`^[A-Za-z0-9][A-Za-z0-9_-]*$`, "字母、數字、連字號"}}
	}},
	{"lang", func(*generator, bool) field {
		return field{Label: "文字", Widget: "select", Options: []string{"zh-Hant", "zh-Hans"},
			Hint: "文件的書寫文字與全站不同時填寫。"}
	}},
	{"draft", func(*generator, bool) field {
		return field{Label: "草稿（不發布）", Widget: "boolean", Default: false,
			Hint: "勾選後即使簽發也不公開；撤下已發布的文件也用它。"}
	}},
	{"year", func(*generator, bool) field { return number("年份") }},
	{"issue", func(*generator, bool) field {
		f := number("期號")
		f.Hint = "與目錄名一致：2025/03 為第3期。"
		return f
	}},
	{"serial", func(*generator, bool) field { return number("總期號（總第N期）") }},
	{"extra", func(*generator, bool) field { return field{Label: "增刊", Widget: "boolean", Default: false} }},
	{"gap", func(*generator, bool) field {
		return field{Label: "缺期說明", Widget: "string", Hint: "此期之前的期號不在檔案中的原因。"}
	}},
	{"pdf", func(*generator, bool) field { return field{Label: "整期 PDF", Widget: "file"} }},
	{"data", func(*generator, bool) field {
		return field{Label: "年度報告數據", Widget: "hidden",
			Hint: "由 gazette new report 生成、gazette report 核對；在此保持原樣。"}
	}},
}

func date(label string) field {
	return field{Label: label, Widget: "datetime", Format: "YYYY-MM-DD", DateFormat: "YYYY-MM-DD", TimeFormat: false}
}

func dateRequired(label, name string) field {
	f := date(label)
	f.Name, f.Required = name, true
	return f
}

func dateTime(label string) field {
	return field{Label: label, Widget: "datetime", Format: "YYYY-MM-DDTHH:mm:ss", DateFormat: "YYYY-MM-DD", TimeFormat: "HH:mm"}
}

func number(label string) field { return field{Label: label, Widget: "number", ValueType: "int"} }

func list(label string, item field) field {
	item.Required = true
	return field{Label: label, Widget: "list", Field: &item}
}

// ref is a reference to another document: the 文號 (or path) picker that
// the console's own widget (docref, in console.js) fills from the staff's
// index, so that it never loads a collection whole.
func ref(label string) field { return field{Label: label, Widget: "docref"} }

func refList(label string) field {
	return list(label, field{Label: label, Name: "ref", Widget: "docref"})
}

// choice is a select of site.yaml's list for field, or free text where
// site.yaml lists none.
func (g *generator) choice(label, name string) field {
	var opts []string
	switch name {
	case "organ":
		opts = append([]string{g.cfg.Organ.Name}, g.cfg.Organs...)
	case "topic":
		opts = g.cfg.Topics
	case "category":
		opts = g.cfg.Categories
	}
	var out []string
	for _, o := range opts {
		if o != "" && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	if len(out) == 0 || name != "organ" && len(opts) == 0 {
		return field{Label: label, Widget: "string"}
	}
	return field{Label: label, Widget: "select", Options: out}
}
