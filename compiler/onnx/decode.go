package onnx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
)

// ReadModel reads and decodes the ONNX model file at path, with the
// external data of its tensors (LoadExternalData, relative to path's
// directory). Every error names the file.
func ReadModel(path string) (*Model, error) { return ReadModelWith(path, ReadOptions{}) }

// ReadTensor reads and decodes a file holding one serialized TensorProto,
// as in the input_N.pb files of ONNX's operator test cases.
func ReadTensor(path string) (*Tensor, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := DecodeTensor(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// ErrNotONNX is wrapped by Decode's error when the bytes are well-formed
// protobuf but carry no ONNX graph.
var ErrNotONNX = errors.New("not an ONNX model")

// ErrUnsupported is wrapped by errors about well-formed content the decoder
// does not handle (tensor data types other than FLOAT, DOUBLE, INT32, INT64
// and BOOL).
var ErrUnsupported = errors.New("unsupported")

// Decode decodes a serialized ModelProto.
func Decode(b []byte) (*Model, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty file", ErrNotONNX)
	}
	m := &Model{}
	seenIR := false
	err := eachField(b, "ModelProto", func(f field) error {
		switch f.num {
		case 1:
			seenIR = true
			return f.varint(&m.IRVersion)
		case 2: // producer_name
			return f.str(&m.ProducerName)
		case 7:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			g, err := decodeGraph(f.b)
			if err != nil {
				return err
			}
			m.Graph = g
		case 8:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			op, err := decodeOpset(f.b)
			if err != nil {
				return err
			}
			m.Opsets = append(m.Opsets, op)
		}
		return nil
	})
	if errors.Is(err, ErrUnsupported) {
		return nil, fmt.Errorf("unsupported ONNX model: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("corrupt ONNX model: %w", err)
	}
	if m.Graph == nil || !seenIR {
		return nil, fmt.Errorf("%w: no ir_version or no graph", ErrNotONNX)
	}
	return m, nil
}

// DecodeTensor decodes a serialized TensorProto.
func DecodeTensor(b []byte) (*Tensor, error) {
	t, err := decodeTensor(b)
	if errors.Is(err, ErrUnsupported) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("corrupt TensorProto: %w", err)
	}
	return t, nil
}

// field is one decoded protobuf field: its number, wire type and value.
type field struct {
	msg string // message name, for errors
	num protowire.Number
	typ protowire.Type
	u   uint64 // varint, fixed32 or fixed64 value
	b   []byte // bytes value
}

func wireName(t protowire.Type) string {
	switch t {
	case protowire.VarintType:
		return "varint"
	case protowire.Fixed32Type:
		return "fixed32"
	case protowire.Fixed64Type:
		return "fixed64"
	case protowire.BytesType:
		return "length-delimited"
	case protowire.StartGroupType:
		return "group"
	}
	return fmt.Sprintf("wire type %d", t)
}

// want checks the field's wire type.
func (f field) want(t protowire.Type) error {
	if f.typ != t {
		return fmt.Errorf("%s field %d: wire type %s, want %s", f.msg, f.num, wireName(f.typ), wireName(t))
	}
	return nil
}

func (f field) varint(dst *int64) error {
	if err := f.want(protowire.VarintType); err != nil {
		return err
	}
	*dst = int64(f.u)
	return nil
}

func (f field) str(dst *string) error {
	if err := f.want(protowire.BytesType); err != nil {
		return err
	}
	*dst = string(f.b)
	return nil
}

// eachField calls fn for every field of the message b; fn sees fields in
// file order. Groups are skipped.
func eachField(b []byte, msg string, fn func(field) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("%s: bad field tag: %w", msg, protowire.ParseError(n))
		}
		b = b[n:]
		f := field{msg: msg, num: num, typ: typ}
		switch typ {
		case protowire.VarintType:
			f.u, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			f.u = uint64(v)
		case protowire.Fixed64Type:
			f.u, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			f.b, n = protowire.ConsumeBytes(b)
		case protowire.StartGroupType:
			_, n = protowire.ConsumeGroup(num, b)
		default:
			return fmt.Errorf("%s field %d: unexpected %s", msg, num, wireName(typ))
		}
		if n < 0 {
			return fmt.Errorf("%s field %d: %w", msg, num, protowire.ParseError(n))
		}
		b = b[n:]
		if typ == protowire.StartGroupType {
			continue
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// repeatedInt appends the values of a repeated integer field, packed or not.
func (f field) repeatedInt(dst *[]int64) error {
	switch f.typ {
	case protowire.VarintType:
		*dst = append(*dst, int64(f.u))
		return nil
	case protowire.BytesType:
		b := f.b
		for len(b) > 0 {
			v, n := protowire.ConsumeVarint(b)
			if n < 0 {
				return fmt.Errorf("%s field %d: packed varint: %w", f.msg, f.num, protowire.ParseError(n))
			}
			*dst = append(*dst, int64(v))
			b = b[n:]
		}
		return nil
	}
	return fmt.Errorf("%s field %d: wire type %s, want varint or packed", f.msg, f.num, wireName(f.typ))
}

// repeatedFloat appends the values of a repeated float field, packed or not.
func (f field) repeatedFloat(dst *[]float32) error {
	switch f.typ {
	case protowire.Fixed32Type:
		*dst = append(*dst, math.Float32frombits(uint32(f.u)))
		return nil
	case protowire.BytesType:
		if len(f.b)%4 != 0 {
			return fmt.Errorf("%s field %d: packed floats: %d bytes is not a multiple of 4", f.msg, f.num, len(f.b))
		}
		for i := 0; i < len(f.b); i += 4 {
			*dst = append(*dst, math.Float32frombits(binary.LittleEndian.Uint32(f.b[i:])))
		}
		return nil
	}
	return fmt.Errorf("%s field %d: wire type %s, want fixed32 or packed", f.msg, f.num, wireName(f.typ))
}

// repeatedDouble appends the values of a repeated double field, packed or not, as float32.
func (f field) repeatedDouble(dst *[]float32) error {
	switch f.typ {
	case protowire.Fixed64Type:
		*dst = append(*dst, float32(math.Float64frombits(f.u)))
		return nil
	case protowire.BytesType:
		if len(f.b)%8 != 0 {
			return fmt.Errorf("%s field %d: packed doubles: %d bytes is not a multiple of 8", f.msg, f.num, len(f.b))
		}
		for i := 0; i < len(f.b); i += 8 {
			*dst = append(*dst, float32(math.Float64frombits(binary.LittleEndian.Uint64(f.b[i:]))))
		}
		return nil
	}
	return fmt.Errorf("%s field %d: wire type %s, want fixed64 or packed", f.msg, f.num, wireName(f.typ))
}

func decodeOpset(b []byte) (OpsetID, error) {
	var op OpsetID
	err := eachField(b, "OperatorSetIdProto", func(f field) error {
		switch f.num {
		case 1:
			return f.str(&op.Domain)
		case 2:
			return f.varint(&op.Version)
		}
		return nil
	})
	return op, err
}

func decodeGraph(b []byte) (*Graph, error) {
	g := &Graph{}
	err := eachField(b, "GraphProto", func(f field) error {
		switch f.num {
		case 1:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			n, err := decodeNode(f.b)
			if err != nil {
				return fmt.Errorf("node %d: %w", len(g.Nodes), err)
			}
			g.Nodes = append(g.Nodes, n)
		case 2:
			return f.str(&g.Name)
		case 5:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			t, err := decodeTensor(f.b)
			if err != nil {
				return fmt.Errorf("initializer: %w", err)
			}
			g.Initializers = append(g.Initializers, t)
		case 11, 12, 13:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			v, err := decodeValueInfo(f.b)
			if err != nil {
				return err
			}
			switch f.num {
			case 11:
				g.Inputs = append(g.Inputs, v)
			case 12:
				g.Outputs = append(g.Outputs, v)
			default:
				g.ValueInfo = append(g.ValueInfo, v)
			}
		}
		return nil
	})
	return g, err
}

func decodeNode(b []byte) (*Node, error) {
	n := &Node{}
	err := eachField(b, "NodeProto", func(f field) error {
		var s string
		switch f.num {
		case 1, 2:
			if err := f.str(&s); err != nil {
				return err
			}
			if f.num == 1 {
				n.Inputs = append(n.Inputs, s)
			} else {
				n.Outputs = append(n.Outputs, s)
			}
		case 3:
			return f.str(&n.Name)
		case 4:
			return f.str(&n.OpType)
		case 5:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			a, err := decodeAttribute(f.b)
			if err != nil {
				return err
			}
			n.Attributes = append(n.Attributes, a)
		case 7:
			return f.str(&n.Domain)
		case 9:
			e, err := decodeStringEntry(f, "StringStringEntryProto")
			if err != nil {
				return err
			}
			n.Metadata = append(n.Metadata, e)
		}
		return nil
	})
	if err != nil && n.Name != "" {
		err = fmt.Errorf("%q: %w", n.Name, err)
	}
	return n, err
}

func decodeAttribute(b []byte) (*Attribute, error) {
	a := &Attribute{}
	err := eachField(b, "AttributeProto", func(f field) error {
		switch f.num {
		case 1:
			return f.str(&a.Name)
		case 2:
			if err := f.want(protowire.Fixed32Type); err != nil {
				return err
			}
			a.F = math.Float32frombits(uint32(f.u))
		case 3:
			return f.varint(&a.I)
		case 4:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			a.S = append([]byte(nil), f.b...)
		case 5:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			t, err := decodeTensor(f.b)
			if err != nil {
				return err
			}
			a.T = t
		case 7:
			return f.repeatedFloat(&a.Floats)
		case 8:
			return f.repeatedInt(&a.Ints)
		case 9:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			a.Strings = append(a.Strings, append([]byte(nil), f.b...))
		case 20:
			var v int64
			if err := f.varint(&v); err != nil {
				return err
			}
			a.Type = AttrType(v)
		}
		return nil
	})
	if err != nil {
		if a.Name != "" {
			return nil, fmt.Errorf("attribute %q: %w", a.Name, err)
		}
		return nil, fmt.Errorf("attribute: %w", err)
	}
	return a, nil
}

func decodeValueInfo(b []byte) (*ValueInfo, error) {
	v := &ValueInfo{}
	err := eachField(b, "ValueInfoProto", func(f field) error {
		switch f.num {
		case 1:
			return f.str(&v.Name)
		case 2:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			return decodeType(f.b, v)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("value %q: %w", v.Name, err)
	}
	return v, nil
}

// decodeType reads a TypeProto; only tensor_type is kept.
func decodeType(b []byte, v *ValueInfo) error {
	return eachField(b, "TypeProto", func(f field) error {
		if f.num != 1 {
			return nil
		}
		if err := f.want(protowire.BytesType); err != nil {
			return err
		}
		return eachField(f.b, "TypeProto.Tensor", func(f field) error {
			switch f.num {
			case 1:
				var e int64
				if err := f.varint(&e); err != nil {
					return err
				}
				v.ElemType = DataType(e)
			case 2:
				if err := f.want(protowire.BytesType); err != nil {
					return err
				}
				v.HasShape = true
				return eachField(f.b, "TensorShapeProto", func(f field) error {
					if f.num != 1 {
						return nil
					}
					if err := f.want(protowire.BytesType); err != nil {
						return err
					}
					var d Dim
					err := eachField(f.b, "TensorShapeProto.Dimension", func(f field) error {
						switch f.num {
						case 1:
							d.Known = true
							return f.varint(&d.Value)
						case 2:
							return f.str(&d.Param)
						}
						return nil
					})
					v.Dims = append(v.Dims, d)
					return err
				})
			}
			return nil
		})
	})
}

// maxElements bounds the size of one tensor (2^31 elements) so that corrupt
// dims cannot make the decoder allocate without limit.
const maxElements = 1 << 31

func decodeTensor(b []byte) (*Tensor, error) {
	t := &Tensor{}
	var raw []byte
	hasRaw := false
	var floats []float32
	var ints []int64
	var dt int64
	var ext []StringEntry
	external := false
	err := eachField(b, "TensorProto", func(f field) error {
		switch f.num {
		case 1:
			return f.repeatedInt(&t.Dims)
		case 2:
			return f.varint(&dt)
		case 4:
			return f.repeatedFloat(&floats)
		case 5, 7:
			// int32_data (also BOOL's typed field) is encoded as varints of
			// the sign-extended value, so the same reader serves both.
			return f.repeatedInt(&ints)
		case 8:
			return f.str(&t.Name)
		case 9:
			if err := f.want(protowire.BytesType); err != nil {
				return err
			}
			raw, hasRaw = f.b, true
		case 10:
			return f.repeatedDouble(&floats)
		case 13: // external_data
			e, err := decodeStringEntry(f, "StringStringEntryProto")
			if err != nil {
				return err
			}
			ext = append(ext, e)
		case 14: // data_location: 1 = EXTERNAL
			var loc int64
			if err := f.varint(&loc); err != nil {
				return err
			}
			external = loc == 1
		}
		return nil
	})
	name := func() string {
		if t.Name == "" {
			return "tensor"
		}
		return fmt.Sprintf("tensor %q", t.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name(), err)
	}
	t.DataType = DataType(dt)
	n := t.NumElements()
	if n < 0 || n > maxElements {
		return nil, fmt.Errorf("%s: bad dims %v", name(), t.Dims)
	}
	if t.DataType.rawSize() == 0 {
		return nil, fmt.Errorf("%s: %w data type %s (supported: FLOAT, DOUBLE, INT32, INT64, BOOL)", name(), ErrUnsupported, t.DataType)
	}
	if external {
		e, err := parseExternal(ext)
		if err != nil {
			return nil, fmt.Errorf("%s: external data: %w", name(), err)
		}
		t.External = e
		return t, nil
	}
	if hasRaw {
		err = t.setRaw(raw)
	} else {
		err = t.setTyped(floats, ints)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name(), err)
	}
	return t, nil
}

// setRaw decodes raw little-endian bytes (raw_data or external data) into t's values.
func (t *Tensor) setRaw(raw []byte) error {
	n := t.NumElements()
	size := t.DataType.rawSize()
	if int64(len(raw)) != n*int64(size) {
		return fmt.Errorf("raw_data has %d bytes, want %d for %s%v", len(raw), n*int64(size), t.DataType, t.Dims)
	}
	switch t.DataType {
	case DataFloat, DataDouble:
		t.Floats = make([]float32, n)
		for i := range t.Floats {
			if size == 4 {
				t.Floats[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
			} else {
				t.Floats[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:])))
			}
		}
	default:
		t.Ints = make([]int64, n)
		for i := range t.Ints {
			switch size {
			case 1:
				if raw[i] != 0 {
					t.Ints[i] = 1
				}
			case 4:
				t.Ints[i] = int64(int32(binary.LittleEndian.Uint32(raw[4*i:])))
			default:
				t.Ints[i] = int64(binary.LittleEndian.Uint64(raw[8*i:]))
			}
		}
	}
	return nil
}

// setTyped takes t's values from the typed fields (float_data/double_data or int32_data/int64_data).
func (t *Tensor) setTyped(floats []float32, ints []int64) error {
	n := t.NumElements()
	if t.DataType.IsFloat() {
		t.Floats = floats
		if int64(len(t.Floats)) != n {
			return fmt.Errorf("%d values, want %d for %s%v", len(t.Floats), n, t.DataType, t.Dims)
		}
		return nil
	}
	t.Ints = ints
	for i, v := range t.Ints {
		switch t.DataType {
		case DataInt32:
			t.Ints[i] = int64(int32(v))
		case DataBool:
			if v != 0 {
				t.Ints[i] = 1
			}
		}
	}
	if int64(len(t.Ints)) != n {
		return fmt.Errorf("%d values, want %d for %s%v", len(t.Ints), n, t.DataType, t.Dims)
	}
	return nil
}

func decodeStringEntry(f field, msg string) (StringEntry, error) {
	var e StringEntry
	if err := f.want(protowire.BytesType); err != nil {
		return e, err
	}
	err := eachField(f.b, msg, func(f field) error {
		switch f.num {
		case 1:
			return f.str(&e.Key)
		case 2:
			return f.str(&e.Value)
		}
		return nil
	})
	return e, err
}

// parseExternal reads the external_data entries: location is required,
// offset and length are decimal integers, checksum is kept; other keys are
// ignored as onnx.proto allows.
func parseExternal(entries []StringEntry) (*ExternalData, error) {
	e := &ExternalData{Length: -1}
	seen := map[string]bool{}
	for _, kv := range entries {
		if seen[kv.Key] {
			return nil, fmt.Errorf("key %q given twice", kv.Key)
		}
		seen[kv.Key] = true
		switch kv.Key {
		case "location":
			e.Location = kv.Value
		case "offset", "length":
			v, err := strconv.ParseInt(kv.Value, 10, 64)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("%s %q is not a non-negative integer", kv.Key, kv.Value)
			}
			if kv.Key == "offset" {
				e.Offset = v
			} else {
				e.Length = v
			}
		case "checksum":
			e.Checksum = kv.Value
		}
	}
	if e.Location == "" {
		return nil, fmt.Errorf("no location")
	}
	return e, nil
}
