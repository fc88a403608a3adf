package calyx

import (
	_ "embed" // the project's primitive library
	"fmt"
)

// AccelImport is the import path of the project's own primitives, declared
// in AccelLibrary.
const AccelImport = "primitives/accel.futil"

// AccelLibrary is the text of primitives/accel.futil: extern declarations
// of the project's own primitives (a pipelined multiplier for static
// schedules, ...), for upstream Calyx to read next to a generated program.
//
//go:embed accel.futil
var AccelLibrary string

// registerAccelPrims adds the primitives of AccelLibrary to the library
// table, importable from AccelImport.
func registerAccelPrims(index map[string]*PrimSig) {
	lib, err := Parse(AccelImport, []byte(AccelLibrary))
	if err != nil {
		panic(fmt.Sprintf("calyx: the embedded %s does not parse: %v", AccelImport, err))
	}
	for _, e := range lib.Externs {
		for _, pr := range e.Prims {
			s := SigOfPrimitive(pr, AccelImport)
			s.File = AccelImport
			index[pr.Name] = s
		}
	}
}
