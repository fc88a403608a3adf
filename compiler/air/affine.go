package air

import (
	"sort"
	"strconv"
	"strings"
)

// Affine is an index expression sum(Coef*Var) + Const over loop variables.
type Affine struct {
	Terms []Term // distinct variables, non-zero coefficients
	Const int64
}

// Term is Coef*Var.
type Term struct {
	Var  string
	Coef int64
}

// C returns the constant affine expression c.
func C(c int64) Affine { return Affine{Const: c} }

// V returns the affine expression 1*v.
func V(v string) Affine { return Affine{Terms: []Term{{v, 1}}} }

// Plus returns a + b with like terms combined (order of first appearance kept).
func (a Affine) Plus(b Affine) Affine {
	r := Affine{Const: a.Const + b.Const}
	r.Terms = append(r.Terms, a.Terms...)
	for _, t := range b.Terms {
		r = r.addTerm(t.Var, t.Coef)
	}
	return r.norm()
}

// Scale returns k*a.
func (a Affine) Scale(k int64) Affine {
	r := Affine{Const: a.Const * k}
	for _, t := range a.Terms {
		r.Terms = append(r.Terms, Term{t.Var, t.Coef * k})
	}
	return r.norm()
}

// AddConst returns a + c.
func (a Affine) AddConst(c int64) Affine { return a.Plus(C(c)) }

func (a Affine) addTerm(v string, c int64) Affine {
	ts := append([]Term(nil), a.Terms...)
	for i := range ts {
		if ts[i].Var == v {
			ts[i].Coef += c
			a.Terms = ts
			return a
		}
	}
	a.Terms = append(ts, Term{v, c})
	return a
}

func (a Affine) norm() Affine {
	var ts []Term
	for _, t := range a.Terms {
		if t.Coef != 0 {
			ts = append(ts, t)
		}
	}
	a.Terms = ts
	return a
}

// Coef returns the coefficient of v.
func (a Affine) Coef(v string) int64 {
	for _, t := range a.Terms {
		if t.Var == v {
			return t.Coef
		}
	}
	return 0
}

// IsConst reports whether a has no variable terms.
func (a Affine) IsConst() bool { return len(a.Terms) == 0 }

// Subst replaces variable v by the affine expression e.
func (a Affine) Subst(v string, e Affine) Affine {
	k := a.Coef(v)
	if k == 0 {
		return a
	}
	r := Affine{Const: a.Const}
	for _, t := range a.Terms {
		if t.Var != v {
			r.Terms = append(r.Terms, t)
		}
	}
	return r.Plus(e.Scale(k))
}

// Equal reports whether a and b are the same function (term order ignored).
func (a Affine) Equal(b Affine) bool {
	if a.Const != b.Const || len(a.Terms) != len(b.Terms) {
		return false
	}
	for _, t := range a.Terms {
		if b.Coef(t.Var) != t.Coef {
			return false
		}
	}
	return true
}

// Range is the closed interval of values a loop variable takes.
type Range struct{ Lo, Hi int64 }

// Bounds returns the exact minimum and maximum of a over independent variable ranges; ok is false if a variable is unknown.
func (a Affine) Bounds(env map[string]Range) (lo, hi int64, ok bool) {
	lo, hi = a.Const, a.Const
	for _, t := range a.Terms {
		r, found := env[t.Var]
		if !found {
			return 0, 0, false
		}
		x, y := t.Coef*r.Lo, t.Coef*r.Hi
		if x > y {
			x, y = y, x
		}
		lo += x
		hi += y
	}
	return lo, hi, true
}

// Vars returns the variables of a, sorted.
func (a Affine) Vars() []string {
	var vs []string
	for _, t := range a.Terms {
		vs = append(vs, t.Var)
	}
	sort.Strings(vs)
	return vs
}

// String prints a as e.g. "2*oh+kh-1".
func (a Affine) String() string {
	var b strings.Builder
	for i, t := range a.Terms {
		c := t.Coef
		if c < 0 {
			b.WriteByte('-')
			c = -c
		} else if i > 0 {
			b.WriteByte('+')
		}
		if c != 1 {
			b.WriteString(strconv.FormatInt(c, 10))
			b.WriteByte('*')
		}
		b.WriteString(t.Var)
	}
	switch {
	case len(a.Terms) == 0:
		b.WriteString(strconv.FormatInt(a.Const, 10))
	case a.Const > 0:
		b.WriteByte('+')
		b.WriteString(strconv.FormatInt(a.Const, 10))
	case a.Const < 0:
		b.WriteString(strconv.FormatInt(a.Const, 10))
	}
	return b.String()
}
