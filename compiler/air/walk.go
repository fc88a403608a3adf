package air

// WalkStmts calls fn for every statement of ss and of the blocks nested in
// them (loop bodies, par arms), parents before children, in source order.
func WalkStmts(ss []Stmt, fn func(Stmt)) {
	for _, s := range ss {
		fn(s)
		switch s := s.(type) {
		case *For:
			WalkStmts(s.Body, fn)
		case *Par:
			for _, arm := range s.Arms {
				WalkStmts(arm, fn)
			}
		}
	}
}

// WalkExpr calls fn for e and every expression nested in it, parents first.
func WalkExpr(e Expr, fn func(Expr)) {
	fn(e)
	if op, ok := e.(*Op); ok {
		for _, a := range op.Args {
			WalkExpr(a, fn)
		}
	}
}

// StmtExprs returns the expressions a statement evaluates itself (not those
// of nested statements): a register's initial or new value, a stored value.
func StmtExprs(s Stmt) []Expr {
	switch s := s.(type) {
	case *Reg:
		return []Expr{s.Init}
	case *Assign:
		return []Expr{s.Val}
	case *Store:
		return []Expr{s.Val}
	}
	return nil
}

// Accesses lists the memories a kernel loads from and stores to, each once,
// in order of first appearance.
func Accesses(k *Kernel) (loads, stores []string) {
	seenL, seenS := map[string]bool{}, map[string]bool{}
	WalkStmts(k.Body, func(s Stmt) {
		for _, e := range StmtExprs(s) {
			WalkExpr(e, func(e Expr) {
				if l, ok := e.(*Load); ok && !seenL[l.Mem] {
					seenL[l.Mem] = true
					loads = append(loads, l.Mem)
				}
			})
		}
		if st, ok := s.(*Store); ok && !seenS[st.Mem] {
			seenS[st.Mem] = true
			stores = append(stores, st.Mem)
		}
	})
	return loads, stores
}

// Work is the number of statement executions of a kernel when every par
// arm runs at once: for each statement outside loops 1, inside loops the
// product of the enclosing trip counts. It estimates the kernel's cycles
// up to a constant factor (unit: statement executions).
func Work(k *Kernel) int64 {
	return blockWork(k.Body)
}

func blockWork(ss []Stmt) int64 {
	var n int64
	for _, s := range ss {
		switch s := s.(type) {
		case *For:
			n += int64(s.Trip()) * blockWork(s.Body)
		case *Par:
			var m int64
			for _, arm := range s.Arms {
				m = max(m, blockWork(arm))
			}
			n += m
		default:
			n++
		}
	}
	return n
}

// Trip is the number of iterations of the loop.
func (s *For) Trip() int {
	if s.Hi <= s.Lo || s.Step <= 0 {
		return 0
	}
	return (s.Hi - s.Lo + s.Step - 1) / s.Step
}

// Range is the closed interval of values the loop variable takes (Lo > Hi
// when the loop runs no iteration).
func (s *For) Range() Range {
	return Range{Lo: int64(s.Lo), Hi: int64(s.Lo) + int64(s.Trip()-1)*int64(s.Step)}
}

// MACs is the number of multiplications a kernel executes (each par arm's
// counted), i.e. its multiply-accumulates for Conv and Gemm kernels.
func MACs(k *Kernel) int64 {
	return blockMACs(k.Body)
}

func blockMACs(ss []Stmt) int64 {
	var n int64
	for _, s := range ss {
		switch s := s.(type) {
		case *For:
			n += int64(s.Trip()) * blockMACs(s.Body)
		case *Par:
			for _, arm := range s.Arms {
				n += blockMACs(arm)
			}
		default:
			for _, e := range StmtExprs(s) {
				WalkExpr(e, func(e Expr) {
					if op, ok := e.(*Op); ok && op.Kind == Mul {
						n++
					}
				})
			}
		}
	}
	return n
}
