package sv

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rules-accel/rules_accel/compiler/calyx"
)

// parCtx is a par statement being compiled, for @sync barriers in its arms.
type parCtx struct {
	name     string
	arm      int
	barriers map[uint64]*barrier
}

// barrier is one @sync(n) barrier of a par: every arm that reaches a
// `@sync(n);` waits there until all arms with such a statement have.
type barrier struct {
	all    *sig             // high when every participating arm has arrived
	arrive map[int][]string // arm -> conditions of its sync statements
}

// syncStmt compiles `@sync(n);`: done once every participating arm is there.
func (b *builder) syncStmt(c calyx.Control, n uint64, goExpr string) (string, error) {
	if len(b.pars) == 0 {
		return "", b.errf(c.ControlPos(), "@sync(%d) outside a par", n)
	}
	if _, ok := c.(*calyx.Empty); !ok {
		return "", b.errf(c.ControlPos(), "@sync is only supported on empty statements")
	}
	p := b.pars[len(b.pars)-1]
	br := p.barriers[n]
	if br == nil {
		br = &barrier{all: b.local(fmt.Sprintf("%s_sync%d_all", p.name, n), 1), arrive: map[int][]string{}}
		br.all.fixed, br.all.read = true, true
		p.barriers[n] = br
	}
	br.arrive[p.arm] = append(br.arrive[p.arm], paren(goExpr))
	return and(goExpr, br.all.name), nil
}

// finishBarriers writes the arrival registers of a par's barriers.
func (b *builder) finishBarriers(p *parCtx) {
	ns := make([]uint64, 0, len(p.barriers))
	for n := range p.barriers {
		ns = append(ns, n)
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i] < ns[j] })
	for _, n := range ns {
		br := p.barriers[n]
		arms := make([]int, 0, len(br.arrive))
		for a := range br.arrive {
			arms = append(arms, a)
		}
		sort.Ints(arms)
		var all, rst, body []string
		for _, a := range arms {
			r := b.local(fmt.Sprintf("%s_sync%d_arm%d_arrived", p.name, n, a), 1)
			r.fixed, r.read = true, true
			arr := strings.Join(br.arrive[a], " || ")
			all = append(all, fmt.Sprintf("(%s || %s)", r.name, arr))
			rst = append(rst, r.name+" <= 1'b0;")
			body = append(body, fmt.Sprintf("if (%s) %s <= 1'b0;", br.all.name, r.name), fmt.Sprintf("else if (%s) %s <= 1'b1;", arr, r.name))
		}
		fmt.Fprintf(&b.ctrl, "  assign %s = %s;\n", br.all.name, strings.Join(all, " && "))
		b.seqBlock(rst, body)
	}
}
