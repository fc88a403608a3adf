// Package onnx decodes ONNX models (the ModelProto protobuf message of
// onnx.proto) into plain Go structs, without generated protobuf code: the
// wire format is read field by field with protowire.
//
// Only what the compiler needs is kept: the main graph, its nodes and
// attributes, initializers and the declared types and shapes of graph
// inputs, outputs and value_info. Unknown fields are skipped as protobuf
// requires; known fields with the wrong wire type, truncated or corrupt
// bytes and tensors of an unsupported data type are errors.
package onnx

// Model is a decoded ModelProto.
type Model struct {
	IRVersion    int64     // ir_version
	ProducerName string    // producer_name, e.g. "pytorch"
	Opsets       []OpsetID // opset_import, in file order
	Graph        *Graph    // the main graph; never nil after a successful Decode
}

// OpsetID is one entry of opset_import: an operator set domain and version.
type OpsetID struct {
	Domain  string // "" or "ai.onnx" is the default domain
	Version int64  // opset version
}

// Graph is a decoded GraphProto.
type Graph struct {
	Name         string       // graph name
	Nodes        []*Node      // nodes in file order (ONNX requires topological order)
	Initializers []*Tensor    // constant tensors (weights), by name
	Inputs       []*ValueInfo // graph inputs; may also name initializers
	Outputs      []*ValueInfo // graph outputs
	ValueInfo    []*ValueInfo // optional types of intermediate values
}

// Node is a decoded NodeProto: one operator application.
type Node struct {
	Name       string        // node name; may be empty in the file
	OpType     string        // operator, e.g. "Conv"
	Domain     string        // operator domain; "" is the default ONNX domain
	Inputs     []string      // input value names; "" marks an omitted optional input
	Outputs    []string      // output value names
	Attributes []*Attribute  // attributes in file order
	Metadata   []StringEntry // metadata_props in file order (e.g. the PyTorch module scope)
}

// StringEntry is a StringStringEntryProto: one key and its value.
type StringEntry struct {
	Key, Value string
}

// Meta returns the value of the node's metadata entry key, or "".
func (n *Node) Meta(key string) string {
	for _, e := range n.Metadata {
		if e.Key == key {
			return e.Value
		}
	}
	return ""
}

// Attr returns the attribute called name, or nil.
func (n *Node) Attr(name string) *Attribute {
	for _, a := range n.Attributes {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// AttrType is AttributeProto.AttributeType.
type AttrType int32

// Attribute types of onnx.proto.
const (
	AttrUndefined AttrType = 0
	AttrFloat     AttrType = 1
	AttrInt       AttrType = 2
	AttrString    AttrType = 3
	AttrTensor    AttrType = 4
	AttrGraph     AttrType = 5
	AttrFloats    AttrType = 6
	AttrInts      AttrType = 7
	AttrStrings   AttrType = 8
)

// Attribute is a decoded AttributeProto; Type says which value field is set.
type Attribute struct {
	Name    string    // attribute name
	Type    AttrType  // which of the value fields holds the value
	F       float32   // FLOAT
	I       int64     // INT
	S       []byte    // STRING
	T       *Tensor   // TENSOR
	Floats  []float32 // FLOATS
	Ints    []int64   // INTS
	Strings [][]byte  // STRINGS
}

// ValueInfo is a decoded ValueInfoProto holding a tensor type.
type ValueInfo struct {
	Name     string   // value name
	ElemType DataType // element type; DataUndefined if no tensor type was given
	HasShape bool     // whether a shape was given at all
	Dims     []Dim    // shape, outermost first
}

// Dim is one dimension of a declared shape: a fixed size or a symbolic name.
type Dim struct {
	Value int64  // dim_value, when Param is "" and Known is true
	Param string // dim_param: a symbolic (dynamic) dimension
	Known bool   // whether dim_value was set
}
