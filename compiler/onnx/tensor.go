package onnx

import "fmt"

// DataType is TensorProto.DataType.
type DataType int32

// Data types of onnx.proto.
const (
	DataUndefined DataType = 0
	DataFloat     DataType = 1
	DataUint8     DataType = 2
	DataInt8      DataType = 3
	DataUint16    DataType = 4
	DataInt16     DataType = 5
	DataInt32     DataType = 6
	DataInt64     DataType = 7
	DataString    DataType = 8
	DataBool      DataType = 9
	DataFloat16   DataType = 10
	DataDouble    DataType = 11
	DataUint32    DataType = 12
	DataUint64    DataType = 13
	DataComplex64 DataType = 14
	DataBfloat16  DataType = 16
)

var dataTypeNames = map[DataType]string{
	DataUndefined: "UNDEFINED", DataFloat: "FLOAT", DataUint8: "UINT8", DataInt8: "INT8",
	DataUint16: "UINT16", DataInt16: "INT16", DataInt32: "INT32", DataInt64: "INT64",
	DataString: "STRING", DataBool: "BOOL", DataFloat16: "FLOAT16", DataDouble: "DOUBLE",
	DataUint32: "UINT32", DataUint64: "UINT64", DataComplex64: "COMPLEX64", DataBfloat16: "BFLOAT16",
}

// String returns the onnx.proto name of the type, e.g. "FLOAT".
func (d DataType) String() string {
	if s, ok := dataTypeNames[d]; ok {
		return s
	}
	return fmt.Sprintf("DataType(%d)", int32(d))
}

// IsFloat reports whether tensors of this type decode into Tensor.Floats.
func (d DataType) IsFloat() bool { return d == DataFloat || d == DataDouble }

// IsInt reports whether tensors of this type decode into Tensor.Ints
// (BOOL as 0 and 1).
func (d DataType) IsInt() bool { return d == DataInt32 || d == DataInt64 || d == DataBool }

// rawSize is the number of bytes one element takes in raw_data (0 for an unsupported type).
func (d DataType) rawSize() int {
	switch d {
	case DataBool:
		return 1
	case DataFloat, DataInt32:
		return 4
	case DataDouble, DataInt64:
		return 8
	}
	return 0
}

// Tensor is a decoded TensorProto. Floating-point data (FLOAT, DOUBLE) is
// held in Floats, integer data (INT32, INT64, and BOOL as 0/1) in Ints,
// whatever field of the file carried it (raw_data or the typed fields);
// other data types are a decode error. A tensor whose data lives in an
// external file has External set and no values until LoadExternalData (or
// ReadModel) reads them.
type Tensor struct {
	Name     string        // tensor name
	DataType DataType      // element type as stored in the file
	Dims     []int64       // shape, outermost first; empty for a scalar
	Floats   []float32     // elements of a FLOAT or DOUBLE tensor, row-major
	Ints     []int64       // elements of an INT32, INT64 or BOOL tensor, row-major
	External *ExternalData // where the data lives when data_location is EXTERNAL; nil once loaded
}

// ExternalData is the external_data of a TensorProto whose data_location is
// EXTERNAL (onnx.proto): the tensor's raw bytes, laid out as raw_data would
// hold them, are Length bytes at Offset of the file Location.
type ExternalData struct {
	Location string // POSIX path relative to the model file's directory
	Offset   int64  // first byte (default 0)
	Length   int64  // number of bytes; -1 when absent (to the end of the file)
	Checksum string // SHA-1 digest in hex, "" when absent
}

// NumElements returns the product of Dims (1 for a scalar), or -1 if a
// dimension is negative or the product overflows.
func (t *Tensor) NumElements() int64 {
	n := int64(1)
	for _, d := range t.Dims {
		if d < 0 {
			return -1
		}
		if d != 0 && n > (1<<40)/d {
			return -1
		}
		n *= d
	}
	return n
}

// Len returns the number of decoded elements.
func (t *Tensor) Len() int {
	if t.DataType.IsInt() {
		return len(t.Ints)
	}
	return len(t.Floats)
}
