package report

// Labels are the words of the national format (國辦公開辦函〔2021〕30號) and
// of the report page, in one script. The format is published in Simplified
// characters; a zh-Hant site shows the same labels in Traditional ones.
type Labels struct {
	Sections [6]string // 一、總體情況 … 六、其他需要報告的事項

	// Table 二.
	Item, Issued, Repealed, InForce, Decisions, Fees string
	Clause1, Clause5, Clause6, Clause8               string
	Rules, Normative, Licensing, Penalties           string
	Enforcement, FeesRow                             string

	// Table 三: the note in its corner, the applicant columns and the rows.
	Relation, Applicants, Natural, Legal, Total string
	Columns                                     [5]string // 商業企業 … 其他
	Rows                                        []RowLabel

	// Table 四.
	Review, Litigation, Direct, AfterReview string
	Outcomes                                [5]string // 結果維持 … 總計

	// The page's own words.
	Captions    [4]string // overview, 二, 三, 四
	FromData    string    // the note on a figure the archive cannot give
	FromArchive string    // the note on the figures it computes
	Figures     Words
}

// RowLabel is one row of table 三: the labels of the groups it sits in,
// outermost first, and its own.
type RowLabel struct {
	Group, Sub, Label string
}

// Words are the labels of the overview and the chart.
type Words struct {
	Gazette, Briefings, News, Reports, Issues, Serial, Serials, Documents  string
	Interpretations, Corrections, Other, Month, Category, Chart, ChartData string
	Download, Period, Unit, Sum, ChartAlt                                  string
	// The columns of the CSV of table 二, and its sources.
	Clause, Indicator, Value, Source, SourceArchive, SourceData string
	// What gazette new report writes: the title (organ, year), the
	// opening sentence, and the placeholder of a section to write.
	Title, Basis, Write string
}

// requestKeys name table 三's rows in the data block, in the table's order
// (Labels.Rows gives their labels in the same order).
var requestKeys = []string{
	"new", "carried_over",
	"disclosed", "partly_disclosed",
	"withheld_state_secret", "withheld_prohibited", "withheld_security", "withheld_third_party",
	"withheld_internal", "withheld_process", "withheld_enforcement", "withheld_inquiry",
	"unavailable_not_held", "unavailable_to_be_made", "unavailable_unclear",
	"declined_petition", "declined_repeated", "declined_publication", "declined_excessive", "declined_confirmation",
	"other_no_correction", "other_no_fee", "other",
	"total", "carried_forward",
}

// Indexes of the rows that the checks name.
const (
	rowNew          = 0
	rowCarriedOver  = 1
	rowFirstResult  = 2
	rowTotal        = 23
	rowCarryForward = 24
)

// appealKeys name table 四's three groups of five.
var appealKeys = []string{"review", "litigation_direct", "litigation_after_review"}

var hans = &Labels{
	Sections: [6]string{"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
		"四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"},
	Item: "信息内容", Issued: "本年制发件数", Repealed: "本年废止件数", InForce: "现行有效件数",
	Decisions: "本年处理决定数量", Fees: "本年收费金额（单位：万元）",
	Clause1: "第二十条第（一）项", Clause5: "第二十条第（五）项", Clause6: "第二十条第（六）项", Clause8: "第二十条第（八）项",
	Rules: "规章", Normative: "行政规范性文件", Licensing: "行政许可", Penalties: "行政处罚",
	Enforcement: "行政强制", FeesRow: "行政事业性收费",
	Relation:   "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
	Applicants: "申请人情况", Natural: "自然人", Legal: "法人或其他组织", Total: "总计",
	Columns: [5]string{"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"},
	Rows: []RowLabel{
		{"", "", "一、本年新收政府信息公开申请数量"},
		{"", "", "二、上年结转政府信息公开申请数量"},
		{"三、本年度办理结果", "", "（一）予以公开"},
		{"三、本年度办理结果", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
		{"三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"},
		{"三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"},
		{"三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"},
		{"三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"},
		{"三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"},
		{"三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"},
		{"三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"},
		{"三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"},
		{"三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"},
		{"三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"},
		{"三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"},
		{"三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"},
		{"三、本年度办理结果", "（五）不予处理", "2.重复申请"},
		{"三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"},
		{"三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"},
		{"三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"},
		{"三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
		{"三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
		{"三、本年度办理结果", "（六）其他处理", "3.其他"},
		{"三、本年度办理结果", "", "（七）总计"},
		{"", "", "四、结转下年度继续办理"},
	},
	Review: "行政复议", Litigation: "行政诉讼", Direct: "未经复议直接起诉", AfterReview: "复议后起诉",
	Outcomes: [5]string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"},
	Captions: [4]string{"本年度主动公开情况（据本网站档案统计）", "主动公开政府信息情况统计表",
		"收到和处理政府信息公开申请情况统计表", "政府信息公开行政复议、行政诉讼情况统计表"},
	FromData:    "＊ 此项无法由本网站档案计算，数据由本机关另行统计填报。",
	FromArchive: "第二十条第（一）项未标注＊的数据由本网站档案自动统计。",
	Figures: Words{Gazette: "政府公报", Briefings: "政务信息", News: "新闻发布", Reports: "年度报告",
		Issues: "出版政府公报", Serial: "总第%d期", Serials: "总第%d–%d期", Documents: "刊发文件",
		Interpretations: "发布政策解读", Corrections: "更正、修订已发布文件", Other: "其他",
		Month: "月份", Category: "类别", Chart: "%d年各月发布文件数量（按类别）", ChartData: "%d年各月发布文件数量（图表数据）",
		Download: "数据下载", Period: "本报告所列数据统计期限为%d年1月1日至12月31日。", Unit: "件",
		Sum: "合计", ChartAlt: "%d年各月发布文件数量的堆积柱状图，全年共%d件，数据见下表。",
		Clause: "项目", Indicator: "指标", Value: "数值", Source: "来源", SourceArchive: "档案统计", SourceData: "本机关填报",
		Title: "%s%d年政府信息公开工作年度报告",
		Basis: "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制。",
		Write: "（请填写本节内容。）"},
}

var hant = &Labels{
	Sections: [6]string{"一、總體情況", "二、主動公開政府信息情況", "三、收到和處理政府信息公開申請情況",
		"四、政府信息公開行政復議、行政訴訟情況", "五、存在的主要問題及改進情況", "六、其他需要報告的事項"},
	Item: "信息內容", Issued: "本年制發件數", Repealed: "本年廢止件數", InForce: "現行有效件數",
	Decisions: "本年處理決定數量", Fees: "本年收費金額（單位：萬元）",
	Clause1: "第二十條第（一）項", Clause5: "第二十條第（五）項", Clause6: "第二十條第（六）項", Clause8: "第二十條第（八）項",
	Rules: "規章", Normative: "行政規範性文件", Licensing: "行政許可", Penalties: "行政處罰",
	Enforcement: "行政強制", FeesRow: "行政事業性收費",
	Relation:   "（本列數據的勾稽關係為：第一項加第二項之和，等於第三項加第四項之和）",
	Applicants: "申請人情況", Natural: "自然人", Legal: "法人或其他組織", Total: "總計",
	Columns: [5]string{"商業企業", "科研機構", "社會公益組織", "法律服務機構", "其他"},
	Rows: []RowLabel{
		{"", "", "一、本年新收政府信息公開申請數量"},
		{"", "", "二、上年結轉政府信息公開申請數量"},
		{"三、本年度辦理結果", "", "（一）予以公開"},
		{"三、本年度辦理結果", "", "（二）部分公開（區分處理的，只計這一情形，不計其他情形）"},
		{"三、本年度辦理結果", "（三）不予公開", "1.屬於國家秘密"},
		{"三、本年度辦理結果", "（三）不予公開", "2.其他法律行政法規禁止公開"},
		{"三、本年度辦理結果", "（三）不予公開", "3.危及“三安全一穩定”"},
		{"三、本年度辦理結果", "（三）不予公開", "4.保護第三方合法權益"},
		{"三、本年度辦理結果", "（三）不予公開", "5.屬於三類內部事務信息"},
		{"三、本年度辦理結果", "（三）不予公開", "6.屬於四類過程性信息"},
		{"三、本年度辦理結果", "（三）不予公開", "7.屬於行政執法案卷"},
		{"三、本年度辦理結果", "（三）不予公開", "8.屬於行政查詢事項"},
		{"三、本年度辦理結果", "（四）無法提供", "1.本機關不掌握相關政府信息"},
		{"三、本年度辦理結果", "（四）無法提供", "2.沒有現成信息需要另行製作"},
		{"三、本年度辦理結果", "（四）無法提供", "3.補正後申請內容仍不明確"},
		{"三、本年度辦理結果", "（五）不予處理", "1.信訪舉報投訴類申請"},
		{"三、本年度辦理結果", "（五）不予處理", "2.重複申請"},
		{"三、本年度辦理結果", "（五）不予處理", "3.要求提供公開出版物"},
		{"三、本年度辦理結果", "（五）不予處理", "4.無正當理由大量反覆申請"},
		{"三、本年度辦理結果", "（五）不予處理", "5.要求行政機關確認或重新出具已獲取信息"},
		{"三、本年度辦理結果", "（六）其他處理", "1.申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請"},
		{"三、本年度辦理結果", "（六）其他處理", "2.申請人逾期未按收費通知要求繳納費用、行政機關不再處理其政府信息公開申請"},
		{"三、本年度辦理結果", "（六）其他處理", "3.其他"},
		{"三、本年度辦理結果", "", "（七）總計"},
		{"", "", "四、結轉下年度繼續辦理"},
	},
	Review: "行政復議", Litigation: "行政訴訟", Direct: "未經復議直接起訴", AfterReview: "復議後起訴",
	Outcomes: [5]string{"結果維持", "結果糾正", "其他結果", "尚未審結", "總計"},
	Captions: [4]string{"本年度主動公開情況（據本網站檔案統計）", "主動公開政府信息情況統計表",
		"收到和處理政府信息公開申請情況統計表", "政府信息公開行政復議、行政訴訟情況統計表"},
	FromData:    "＊ 此項無法由本網站檔案計算，數據由本機關另行統計填報。",
	FromArchive: "第二十條第（一）項未標註＊的數據由本網站檔案自動統計。",
	Figures: Words{Gazette: "政府公報", Briefings: "政務信息", News: "新聞發布", Reports: "年度報告",
		Issues: "出版政府公報", Serial: "總第%d期", Serials: "總第%d–%d期", Documents: "刊發文件",
		Interpretations: "發布政策解讀", Corrections: "更正、修訂已發布文件", Other: "其他",
		Month: "月份", Category: "類別", Chart: "%d年各月發布文件數量（按類別）", ChartData: "%d年各月發布文件數量（圖表數據）",
		Download: "數據下載", Period: "本報告所列數據統計期限為%d年1月1日至12月31日。", Unit: "件",
		Sum: "合計", ChartAlt: "%d年各月發布文件數量的堆積柱狀圖，全年共%d件，數據見下表。",
		Clause: "項目", Indicator: "指標", Value: "數值", Source: "來源", SourceArchive: "檔案統計", SourceData: "本機關填報",
		Title: "%s%d年政府信息公開工作年度報告",
		Basis: "本報告根據《中華人民共和國政府信息公開條例》和《中華人民共和國政府信息公開工作年度報告格式》（國辦公開辦函〔2021〕30號）編制。",
		Write: "（請填寫本節內容。）"},
}

// LabelsFor returns the labels in the script of lang (zh-Hant or zh-Hans).
func LabelsFor(lang string) *Labels {
	if lang == "zh-Hans" {
		return hans
	}
	return hant
}
