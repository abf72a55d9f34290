package search

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, time.FixedZone("CST", 8*3600)) // the site's zone
	if err != nil {
		panic(err)
	}
	return t
}

// smallCorpus is a dozen documents in both scripts. Each exercises something:
// the comment says what.
func smallCorpus() []Record {
	recs := []Record{
		{ // Traditional; the 文號 of the examples
			ID: "/gazette/2024/01/heating/", Title: "長春市人民政府辦公廳關於做好冬季供暖工作的通知",
			Body:    "各區人民政府，市政府各委辦局：\n為做好今冬明春供暖工作，保障群眾溫暖過冬，現將有關事項通知如下。\n一、提高供暖質量。",
			Section: "gazette", Organ: "長春市人民政府辦公廳", Topic: "城乡建设、环境保护", Category: "市政府辦公廳文件", Validity: "有效",
			DocNumber: "長府發〔2024〕3號", IndexNumber: "11220100/2024-00003", Lang: "zh-Hant", Date: day("2024-01-10"),
		},
		{ // Simplified
			ID: "/gazette/2024/02/water/", Title: "长春市人民政府关于节约用水的决定",
			Body:    "为了节约用水，建设节水型城市，市人民政府决定：一、各单位应当制定节水计划。",
			Section: "gazette", Organ: "长春市人民政府", Topic: "城乡建设、环境保护", Category: "市政府文件", Validity: "有效",
			DocNumber: "长府发〔2024〕7号", Lang: "zh-Hans", Date: day("2024-02-05"),
		},
		{ // 港 inside 香港
			ID: "/news/2024/hongkong/", Title: "香港特別行政區代表團到訪",
			Body:    "香港特區政府代表團今日到訪，雙方就經貿合作交換意見。",
			Section: "news", Organ: "長春市人民政府辦公廳", Topic: "对外事务", Category: "新聞", Validity: "有效", Lang: "zh-Hant", Date: day("2024-03-01"),
		},
		{ // 民 and 政府 far apart, never 民政府
			ID: "/briefings/2023/citizens/", Title: "市民熱線工作情況",
			Body:    "市民來電共計三千件，均已辦結。各級政府部門按時答覆。",
			Section: "briefings", Organ: "长春市信访局", Topic: "综合政务", Category: "政務信息", Validity: "有效", Lang: "zh-Hant", Date: day("2023-11-20"),
		},
		{ // 中華民國 in Traditional
			ID: "/gazette/2023/05/roc-law/", Title: "中華民國刑法施行法",
			Body:    "本法依中華民國憲法制定之。第 1 條 本法施行前之行為，依本法處罰。",
			Section: "gazette", Organ: "總統", Topic: "公安、安全、司法", Category: "法律", Validity: "已修改", DocNumber: "華總一義字第11200113051號", Lang: "zh-Hant", Date: day("2023-05-03"),
		},
		{ // HTML in the body must come back escaped
			ID: "/news/2023/script/", Title: "網站安全提示",
			Body:    "請勿在留言中輸入 <script>alert(1)</script> 等代碼，系統會拒絕 & 記錄。",
			Section: "news", Organ: "長春市人民政府辦公廳", Topic: "综合政务", Category: "新聞", Validity: "有效", Lang: "zh-Hant", Date: day("2023-08-15"),
		},
		{ // a page: no date
			ID: "/about/contact/", Title: "联系我们",
			Body:    "地址：长春市人民大街1号。电话：0431-88888888。",
			Section: "pages", Lang: "zh-Hans",
		},
		{ // full-width Latin and digits, case
			ID: "/news/2022/covid/", Title: "ＣＯＶＩＤ－19疫情防控工作通報",
			Body:    "全市新增COVID-19病例0例。請市民繼續做好個人防護。",
			Section: "news", Organ: "长春市卫生健康委员会", Topic: "卫生、体育", Category: "新聞", Validity: "失效", Lang: "zh-Hant", Date: day("2022-04-12"),
		},
		{ // repealed, Simplified, 2021
			ID: "/gazette/2021/06/old-rules/", Title: "长春市城市供热管理办法",
			Body:    "第一条 为了加强城市供热管理，维护供热单位和热用户的合法权益，制定本办法。",
			Section: "gazette", Organ: "长春市人民政府", Topic: "城乡建设、环境保护", Category: "市政府令", Validity: "廢止",
			DocNumber: "长春市人民政府令第12号", Lang: "zh-Hans", Date: day("2021-06-30"),
		},
		{ // Traditional, 供暖 again (for ranking: title beats body)
			ID: "/briefings/2024/heating-check/", Title: "市住建局檢查供暖設施",
			Body:    "市住房和城鄉建設局對全市供暖設施開展檢查，確保長春市民溫暖過冬。",
			Section: "briefings", Organ: "长春市住房和城乡建设局", Topic: "城乡建设、环境保护", Category: "政務信息", Validity: "有效", Lang: "zh-Hant", Date: day("2024-01-20"),
		},
		{ // Simplified, mentions heating in the body only
			ID: "/news/2024/weather/", Title: "今冬气温偏低",
			Body:    "气象部门预计今冬气温偏低，请市民注意保暖，供暖单位提前做好准备。",
			Section: "news", Organ: "长春市气象局", Topic: "其他", Category: "新闻", Validity: "有效", Lang: "zh-Hans", Date: day("2024-01-05"),
		},
		{ // 人民政府 in Simplified, for 民政府
			ID: "/gazette/2022/03/province/", Title: "吉林省人民政府关于长春市城市总体规划的批复",
			Body:    "长春市人民政府：你市关于城市总体规划的请示收悉。现批复如下。",
			Section: "gazette", Organ: "吉林省人民政府", Topic: "城乡建设、环境保护", Category: "部门文件", Validity: "有效",
			DocNumber: "吉政函〔2022〕15号", Lang: "zh-Hans", Date: day("2022-03-18"),
		},
	}
	for i := range recs {
		recs[i].URL = recs[i].ID
		recs[i].Hash = "v1:" + recs[i].ID
	}
	return recs
}

// buildIndex builds recs into a fresh index and opens it.
func buildIndex(t testing.TB, recs []Record) (*Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := Build(context.Background(), "", dir, recs); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, dir
}

func mustSearch(t testing.TB, ix *Index, q Query) *Results {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func hitIDs(res *Results) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.URL)
	}
	return ids
}
