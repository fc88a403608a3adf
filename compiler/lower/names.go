package lower

import (
	"fmt"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// Ident turns an air name into a legal Calyx identifier: characters other
// than letters, digits and '_' become '_', a leading digit gets a '_' prefix
// and reserved words get the suffix "_mem".
func Ident(s string) string {
	var b strings.Builder
	for i, r := range s {
		ok := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if i == 0 && r >= '0' && r <= '9' {
			b.WriteByte('_')
		}
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" {
		out = "_"
	}
	if calyx.IsReserved(out) {
		out += "_mem"
	}
	return out
}

// namer hands out unique identifiers within one component.
type namer struct{ used map[string]bool }

func newNamer() *namer { return &namer{used: map[string]bool{}} }

// reserve marks a name as taken; it reports false if it already was.
func (n *namer) reserve(s string) bool {
	if n.used[s] {
		return false
	}
	n.used[s] = true
	return true
}

// fresh returns base if free, else base_1, base_2, ...
func (n *namer) fresh(base string) string {
	if n.reserve(base) {
		return base
	}
	for i := 1; ; i++ {
		s := fmt.Sprintf("%s_%d", base, i)
		if n.reserve(s) {
			return s
		}
	}
}
