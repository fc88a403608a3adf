package onnx

import (
	"encoding/binary"
	"math"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
)

// Encode serializes m as a ModelProto holding exactly the fields Decode
// reads; Decode(Encode(m)) equals m. Tensors are written with raw_data.
// Tests use it to build models and the fuzz seed corpus.
func Encode(m *Model) []byte {
	var b []byte
	b = appendVarint(b, 1, uint64(m.IRVersion))
	if m.ProducerName != "" {
		b = appendString(b, 2, m.ProducerName)
	}
	if m.Graph != nil {
		b = appendMessage(b, 7, encodeGraph(m.Graph))
	}
	for _, op := range m.Opsets {
		var ob []byte
		if op.Domain != "" {
			ob = appendString(ob, 1, op.Domain)
		}
		ob = appendVarint(ob, 2, uint64(op.Version))
		b = appendMessage(b, 8, ob)
	}
	return b
}

// EncodeTensor serializes t as a TensorProto (data in raw_data).
func EncodeTensor(t *Tensor) []byte {
	var b []byte
	if len(t.Dims) > 0 {
		var packed []byte
		for _, d := range t.Dims {
			packed = protowire.AppendVarint(packed, uint64(d))
		}
		b = appendMessage(b, 1, packed)
	}
	b = appendVarint(b, 2, uint64(t.DataType))
	if t.Name != "" {
		b = appendString(b, 8, t.Name)
	}
	if e := t.External; e != nil {
		entries := []StringEntry{{"location", e.Location}, {"offset", strconv.FormatInt(e.Offset, 10)}}
		if e.Length >= 0 {
			entries = append(entries, StringEntry{"length", strconv.FormatInt(e.Length, 10)})
		}
		if e.Checksum != "" {
			entries = append(entries, StringEntry{"checksum", e.Checksum})
		}
		for _, kv := range entries {
			b = appendMessage(b, 13, encodeStringEntry(kv))
		}
		return appendVarint(b, 14, 1)
	}
	var raw []byte
	switch t.DataType {
	case DataFloat:
		for _, v := range t.Floats {
			raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
		}
	case DataDouble:
		for _, v := range t.Floats {
			raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(float64(v)))
		}
	case DataInt32:
		for _, v := range t.Ints {
			raw = binary.LittleEndian.AppendUint32(raw, uint32(int32(v)))
		}
	case DataInt64:
		for _, v := range t.Ints {
			raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
		}
	case DataBool:
		for _, v := range t.Ints {
			raw = append(raw, byte(v&1))
		}
	}
	return appendMessage(b, 9, raw)
}

func appendVarint(b []byte, num protowire.Number, v uint64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

func appendString(b []byte, num protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendMessage(b []byte, num protowire.Number, m []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, m)
}

func encodeGraph(g *Graph) []byte {
	var b []byte
	for _, n := range g.Nodes {
		b = appendMessage(b, 1, encodeNode(n))
	}
	if g.Name != "" {
		b = appendString(b, 2, g.Name)
	}
	for _, t := range g.Initializers {
		b = appendMessage(b, 5, EncodeTensor(t))
	}
	for _, v := range g.Inputs {
		b = appendMessage(b, 11, encodeValueInfo(v))
	}
	for _, v := range g.Outputs {
		b = appendMessage(b, 12, encodeValueInfo(v))
	}
	for _, v := range g.ValueInfo {
		b = appendMessage(b, 13, encodeValueInfo(v))
	}
	return b
}

func encodeNode(n *Node) []byte {
	var b []byte
	for _, s := range n.Inputs {
		b = appendString(b, 1, s)
	}
	for _, s := range n.Outputs {
		b = appendString(b, 2, s)
	}
	if n.Name != "" {
		b = appendString(b, 3, n.Name)
	}
	b = appendString(b, 4, n.OpType)
	for _, a := range n.Attributes {
		b = appendMessage(b, 5, encodeAttribute(a))
	}
	if n.Domain != "" {
		b = appendString(b, 7, n.Domain)
	}
	for _, kv := range n.Metadata {
		b = appendMessage(b, 9, encodeStringEntry(kv))
	}
	return b
}

func encodeStringEntry(kv StringEntry) []byte {
	return appendString(appendString(nil, 1, kv.Key), 2, kv.Value)
}

func encodeAttribute(a *Attribute) []byte {
	var b []byte
	b = appendString(b, 1, a.Name)
	switch a.Type {
	case AttrFloat:
		b = protowire.AppendTag(b, 2, protowire.Fixed32Type)
		b = protowire.AppendFixed32(b, math.Float32bits(a.F))
	case AttrInt:
		b = appendVarint(b, 3, uint64(a.I))
	case AttrString:
		b = appendMessage(b, 4, a.S)
	case AttrTensor:
		if a.T != nil {
			b = appendMessage(b, 5, EncodeTensor(a.T))
		}
	case AttrFloats:
		var p []byte
		for _, v := range a.Floats {
			p = protowire.AppendFixed32(p, math.Float32bits(v))
		}
		b = appendMessage(b, 7, p)
	case AttrInts:
		var p []byte
		for _, v := range a.Ints {
			p = protowire.AppendVarint(p, uint64(v))
		}
		b = appendMessage(b, 8, p)
	case AttrStrings:
		for _, s := range a.Strings {
			b = appendMessage(b, 9, s)
		}
	}
	return appendVarint(b, 20, uint64(a.Type))
}

func encodeValueInfo(v *ValueInfo) []byte {
	var tt []byte
	if v.ElemType != DataUndefined {
		tt = appendVarint(tt, 1, uint64(v.ElemType))
	}
	if v.HasShape {
		var shape []byte
		for _, d := range v.Dims {
			var db []byte
			if d.Known {
				db = appendVarint(db, 1, uint64(d.Value))
			}
			if d.Param != "" {
				db = appendString(db, 2, d.Param)
			}
			shape = appendMessage(shape, 1, db)
		}
		tt = appendMessage(tt, 2, shape)
	}
	b := appendString(nil, 1, v.Name)
	return appendMessage(b, 2, appendMessage(nil, 1, tt))
}
