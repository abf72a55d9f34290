// Package report makes the annual report on government information
// disclosure (政府信息公開工作年度報告) in the national format of
// 國辦公開辦函〔2021〕30號: due by 31 January from a department and by
// 31 March for a government (《政府信息公開條例》第四十九條), in six
// sections: 一、總體情況; 二、主動公開政府信息情況; 三、收到和處理政府信息公開
// 申請情況; 四、政府信息公開行政復議、行政訴訟情況; 五、存在的主要問題及改進
// 情況; 六、其他需要報告的事項.
//
// A report is a pure function of the loaded archive (content.Site) and of
// the report's own file, content/reports/<year>.md: Compute. Nothing here
// renders Markdown or writes a file; the site stage puts the result on
// /reports/<year>/.
//
// # What the archive gives
//
// Table 二's first rows (第二十條第（一）項), counted over published gazette
// documents for the year (in the site's time zone):
//
//	規章            documents whose category site.yaml's report.rules lists
//	行政規範性文件  documents with normative: true
//
//	本年制發件數  issued in the year: by 成文日期 (written), or by 發布日期
//	              (date) when site.yaml says report.issued_by: date
//	本年廢止件數  stopped being in force in the year: on repealed_on; else on
//	              the 施行日期, or else the 發布日期, of the earliest document
//	              that repeals it; else as its expires date ends
//	現行有效件數  issued by 31 December and still in force then
//
// The archive never guesses. A row cannot be counted when site.yaml names no
// 規章 category, or when no document is normative; a figure cannot be
// counted when a document it might count is 廢止 or 失效 with no date for
// it, or has no 成文日期 while it may have been written in the year. Such a
// figure is "not computable from the archive", says why, naming the
// documents, and must come from the data block.
//
// Section 一 gets figures from the archive too: the year's documents by
// section and category, gazette issues and their 總期號, 政策解讀 published,
// and corrections (history entries dated in the year); and a chart of the
// year's publications by month and category (an SVG, with its data as a
// table for those who cannot see it).
//
// # The data block
//
// What the archive cannot know is in the report file's front matter, under
// data:
//
//	data:
//	  active:                        # 二
//	    rules: {issued: 1, repealed: 0, in_force: 1}   # optional: checked against the archive
//	    normative: {issued: 3}                          # optional likewise
//	    licensing: 0                 # 行政許可 本年處理決定數量
//	    penalties: 0                 # 行政處罰
//	    enforcement: 0               # 行政強制
//	    fees: 0                      # 行政事業性收費 本年收費金額（萬元）, may have decimals
//	  requests:                      # 三: 25 rows of 7 (自然人, 商業企業, 科研機構,
//	    new: [0, 0, 0, 0, 0, 0, 0]   #     社會公益組織, 法律服務機構, 其他, 總計)
//	    …                            #     named as requestKeys lists them
//	  appeals:                       # 四: 行政復議, then 行政訴訟 未經復議直接起訴 and
//	    review: [0, 0, 0, 0, 0]      #     復議後起訴: 結果維持, 結果糾正, 其他結果,
//	    litigation_direct: […]       #     尚未審結, 總計
//	    litigation_after_review: […]
//
// Every figure is a whole number of at least 0 (fees excepted). A report is
// rejected, with an error at the line of the figure, when: a row's 總計 is
// not the sum of its columns; a column of （七）總計 is not the sum of the
// rows of 三、本年度辦理結果; in a column, 一 + 二 ≠ 三（七）+ 四 (at the line
// of 四、結轉下年度繼續辦理); a 總計 of table 四 is not the sum of its four; a
// figure the archive computes is given as another number (the error names
// both); a figure the archive cannot compute is not given; a row or key is
// missing, unknown or given twice. `gazette new report` writes a data block
// that passes: the archive's figures filled in, every other figure 0.
//
// The body is the narrative, in Markdown, under six level-2 headings: the
// six sections' labels, in order, in either script; the page puts each
// table after its section's text.
//
// The labels are the format's, in the site's script: the format is
// published in Simplified characters, and a zh-Hant site shows them in
// Traditional ones (Labels).
package report
