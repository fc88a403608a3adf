package calyx

import "reflect"

var posType = reflect.TypeOf(Pos{})

// stripPos zeroes every Pos inside p (in place) so ASTs compare by content.
func stripPos(p *Program) *Program {
	p.File = ""
	for _, c := range p.Components {
		c.File = ""
	}
	zeroPos(reflect.ValueOf(p))
	return p
}

func zeroPos(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			zeroPos(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == posType {
			if v.CanSet() {
				v.Set(reflect.Zero(posType))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			zeroPos(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			zeroPos(v.Index(i))
		}
	}
}
