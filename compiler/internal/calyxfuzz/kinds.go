package calyxfuzz

import "sort"

// Kinds lists the kinds of statements, expressions, memories and
// sub-components a program uses (e.g. "par", "static if", "seq memory
// load", "static invoke"), sorted; for choosing seeds that cover them.
func Kinds(sp *Spec) []string {
	k := map[string]bool{}
	var expr func(Expr)
	var cond func(Cond)
	expr = func(x Expr) {
		switch x := x.(type) {
		case Lit:
			k["literal"] = true
		case Reg:
			k["register"] = true
		case Flag:
			k["flag"] = true
		case In:
			k["input"] = true
		case Out:
			k["instance output"] = true
		case Read:
			k["comb memory read"] = true
			expr(x.Idx)
		case Bin:
			k[x.Op] = true
			expr(x.L)
			expr(x.R)
		case Mux:
			k["mux"] = true
			cond(x.C)
			expr(x.T)
			expr(x.F)
		}
	}
	cond = func(c Cond) {
		k[c.Op] = true
		expr(c.L)
		expr(c.R)
	}
	var stmts func([]Stmt)
	var static func(SStmt)
	static = func(s SStmt) {
		switch s := s.(type) {
		case SGroup:
			k["static group"] = true
			for _, w := range s.Writes {
				if w.Cycles() > w.At+1 {
					k["write over a cycle range"] = true
				}
				if w.If != "" {
					k["flag-guarded timed write"] = true
				}
				switch {
				case w.F != "":
					cond(w.C)
				case w.M != "":
					k["static store"] = true
					expr(w.Idx)
					expr(w.E)
				default:
					expr(w.E)
				}
			}
		case SSeq:
			k["static seq"] = true
			for _, x := range s.Body {
				static(x)
			}
		case SPar:
			k["static par"] = true
			for _, x := range s.Arms {
				static(x)
			}
		case SRepeat:
			k["static repeat"] = true
			static(s.Body)
		case SIf:
			k["static if"] = true
			static(s.Then)
			if s.Else != nil {
				static(s.Else)
			}
		case SInvoke:
			k["static invoke"] = true
		case SRegInvoke:
			k["static invoke of a register"] = true
		}
	}
	stmts = func(body []Stmt) {
		for _, s := range body {
			switch s := s.(type) {
			case Assign:
				k["assign"] = true
				expr(s.E)
			case SetFlag:
				k["set flag"] = true
				cond(s.C)
			case Store:
				if sp.Mem(s.M).Seq {
					k["seq memory store"] = true
				} else {
					k["comb memory store"] = true
				}
				expr(s.Idx)
				expr(s.E)
			case Load:
				k["seq memory load"] = true
				expr(s.Idx)
			case Seq:
				k["seq"] = true
				stmts(s.Body)
			case Par:
				k["par"] = true
				for _, a := range s.Arms {
					stmts(a)
				}
			case If:
				if s.Flag != "" {
					k["if on a flag"] = true
				} else {
					k["if with comb group"] = true
					cond(s.C)
				}
				stmts(s.Then)
				stmts(s.Else)
			case While:
				k["while"] = true
				stmts(s.Body)
			case Repeat:
				k["repeat"] = true
				stmts(s.Body)
			case Invoke:
				if sp.Inst(s.Inst).Sub.Latency > 0 {
					k["static invoke"] = true
				} else {
					k["invoke"] = true
				}
			case RegInvoke:
				if s.Static {
					k["static invoke of a register"] = true
				} else {
					k["invoke of a register"] = true
				}
			case Select:
				k["select with disjoint guards"] = true
				expr(s.T)
				expr(s.E)
			case Mul:
				k["multiply"] = true
				expr(s.L)
				expr(s.R)
			case Static:
				if _, ok := s.S.(SGroup); ok {
					k["static group in dynamic control"] = true
				} else {
					k["static island"] = true
				}
				static(s.S)
			}
		}
	}
	stmts(sp.Body)
	for _, s := range sp.Subs {
		if s.Op != "" {
			k["component driving its own done"] = true
			continue
		}
		if s.Latency > 0 {
			k["static component"] = true
			static(s.SBody)
		} else {
			k["dynamic component"] = true
			stmts(s.Body)
		}
	}
	var out []string
	for x := range k {
		out = append(out, x)
	}
	sort.Strings(out)
	return out
}
