package search

import (
	"fmt"
	"gazette/cmd/gazette/internal/zh"
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"香港", "1:香 1:香港 2:港"},
		{"長春市", "1:长 1:长春 2:春 2:春市 3:市"},
		{"香港，政府", "1:香 1:香港 2:港 2:港政 3:政 3:政府 4:府"}, // a bigram across a mark
		{"香港。\n\n政府", "1:香 1:香港 2:港 3:政 3:政府 4:府"},  // not across a paragraph
		{"COVID-19病例", "1:covid 2:19 3:病 3:病例 4:例"},
		{"第 1 條", "1:第 2:1 3:条"},
		{"〔2024〕3號", "1:2024 2:3 3:号"},
		{"a", "1:a"},
		{"。，！", ""},
	} {
		var got []string
		for _, tok := range tokenize([]byte(zh.Fold(tc.in))) {
			got = append(got, fmt.Sprintf("%d:%s", tok.position, tok.term))
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("Tokenize(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
}

func TestQueryTerms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"港", []string{"港"}},
		{"香港", []string{"香港"}},
		{"民政府", []string{"民政", "政府"}},
		{"人民政府办公厅", []string{"人民", "民政", "政府", "府办", "办公", "公厅"}},
		{"长春市2024", []string{"长春", "春市", "市", "2024"}},
		{"2024年3号", []string{"2024", "年", "3", "号"}},
		{"长春，政府", []string{"长春", "春政", "政府"}}, // a bigram runs across a mark
		{"covid", []string{"covid"}},
		{"？", nil},
	} {
		if got := queryTerms(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("queryTerms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
