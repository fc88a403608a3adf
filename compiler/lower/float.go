package lower

import (
	"fmt"

	"github.com/rules-accel/rules_accel/compiler/air"
)

// rejectFloat refuses programs with float32 values: the air interpreter
// computes them (package fp32), but their lowering to the binary32 units of
// primitives/accel.futil is not written yet, and lowering them as fixed
// point would build a wrong design.
func rejectFloat(p *air.Program) error {
	for _, m := range p.Mems {
		if m.Elem.Float {
			return fmt.Errorf("line %d: memory %s is %s: lowering float32 programs to Calyx is not implemented", m.Line, m.Name, m.Elem)
		}
	}
	for _, k := range p.Kernels {
		var err error
		air.WalkStmts(k.Body, func(s air.Stmt) {
			if err != nil {
				return
			}
			if r, ok := s.(*air.Reg); ok && r.T.Float {
				err = fmt.Errorf("kernel %s line %d: register %s is %s: lowering float32 programs to Calyx is not implemented", k.Name, r.Line, r.Name, r.T)
				return
			}
			for _, e := range air.StmtExprs(s) {
				air.WalkExpr(e, func(x air.Expr) {
					if c, ok := x.(*air.Const); ok && c.T.Float && err == nil {
						err = fmt.Errorf("kernel %s line %d: float32 constant: lowering float32 programs to Calyx is not implemented", k.Name, air.StmtLine(s))
					}
				})
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}
