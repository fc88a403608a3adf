package onnx

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ReadOptions controls how ReadModelWith finds external data.
type ReadOptions struct {
	// DataFiles, when not nil, lists the only files external data may come
	// from (paths as given to the reader, e.g. Bazel's declared inputs): a
	// tensor whose location resolves to any other file is an error. With
	// nil, any file inside the model's directory may be read.
	DataFiles []string
}

// ReadModelWith is ReadModel with options.
func ReadModelWith(path string, opt ReadOptions) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := LoadExternalData(m, filepath.Dir(path), opt.DataFiles); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// ErrExternalData is wrapped by every error about a tensor's external data:
// a location outside the model's directory, an undeclared, missing or short
// file, or a checksum mismatch.
var ErrExternalData = errors.New("external data")

// LoadExternalData reads the values of every tensor of m whose data lives in
// an external file (initializers and Constant node attributes), resolving
// each location against dir, the directory of the model file, and clears
// Tensor.External. A location must name a file inside dir: empty, absolute
// and ../ locations are refused. When declared is not nil, the resolved path
// must be one of its entries (compared after filepath.Clean). Length bytes
// are read at Offset (to the end of the file when no length is given); a
// file that ends early is an error, and a given checksum must be the SHA-1
// of the file or of the tensor's bytes (onnx.proto says "of the file";
// writers differ).
func LoadExternalData(m *Model, dir string, declared []string) error {
	if m == nil || m.Graph == nil {
		return nil
	}
	r := &extReader{dir: dir, files: map[string]*os.File{}, digests: map[string]string{}}
	if declared != nil {
		r.declared = map[string]bool{}
		for _, d := range declared {
			r.declared[filepath.Clean(d)] = true
		}
	}
	defer r.close()
	for _, t := range m.Graph.Initializers {
		if err := r.load(t); err != nil {
			return err
		}
	}
	for _, n := range m.Graph.Nodes {
		for _, a := range n.Attributes {
			if a.T != nil {
				if err := r.load(a.T); err != nil {
					return fmt.Errorf("node %q attribute %s: %w", n.Name, a.Name, err)
				}
			}
		}
	}
	return nil
}

type extReader struct {
	dir      string
	declared map[string]bool
	files    map[string]*os.File
	digests  map[string]string // whole-file SHA-1, computed on demand
}

func (r *extReader) close() {
	for _, f := range r.files {
		f.Close()
	}
}

// load reads one tensor's external data, if it has any.
func (r *extReader) load(t *Tensor) error {
	e := t.External
	if e == nil {
		return nil
	}
	name := fmt.Sprintf("tensor %q", t.Name)
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%s: %w: %s", name, ErrExternalData, fmt.Sprintf(format, a...))
	}
	if !filepath.IsLocal(e.Location) || strings.Contains(e.Location, "\\") {
		return fail("location %q leaves the model's directory (must be a relative path without ..)", e.Location)
	}
	path := filepath.Join(r.dir, e.Location)
	if r.declared != nil && !r.declared[filepath.Clean(path)] {
		return fail("file %s is not among the declared data files %v (Bazel: add it to torch_accel's model_data)", path, sortedKeys(r.declared))
	}
	f := r.files[path]
	if f == nil {
		var err error
		if f, err = os.Open(path); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return fail("file %s (location %q) does not exist; keep it beside the model file (Bazel: add it to torch_accel's model_data)", path, e.Location)
			}
			return fail("%v", err)
		}
		r.files[path] = f
	}
	st, err := f.Stat()
	if err != nil {
		return fail("%v", err)
	}
	if !st.Mode().IsRegular() {
		return fail("%s is not a regular file", path)
	}
	want := t.NumElements() * int64(t.DataType.rawSize())
	length := e.Length
	if length < 0 {
		length = st.Size() - e.Offset
	}
	if length != want {
		return fail("%s: length %d, but %s%v takes %d bytes", path, length, t.DataType, t.Dims, want)
	}
	if e.Offset > st.Size() || st.Size()-e.Offset < length {
		return fail("%s: short read: %d bytes at offset %d wanted, the file has %d bytes", path, length, e.Offset, st.Size())
	}
	raw := make([]byte, length)
	if n, err := f.ReadAt(raw, e.Offset); n != len(raw) {
		return fail("%s: short read: %d of %d bytes at offset %d: %v", path, n, length, e.Offset, err)
	}
	if e.Checksum != "" {
		sum := sha1.Sum(raw)
		if !strings.EqualFold(e.Checksum, hex.EncodeToString(sum[:])) {
			whole, err := r.digest(path, f)
			if err != nil {
				return fail("%v", err)
			}
			if !strings.EqualFold(e.Checksum, whole) {
				return fail("%s: checksum %s does not match the SHA-1 of the file (%s) or of the tensor's bytes (%x)", path, e.Checksum, whole, sum)
			}
		}
	}
	if err := t.setRaw(raw); err != nil {
		return fail("%v", err)
	}
	t.External = nil
	return nil
}

// digest returns the SHA-1 of the whole file, in hex.
func (r *extReader) digest(path string, f *os.File) (string, error) {
	if d, ok := r.digests[path]; ok {
		return d, nil
	}
	h := sha1.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, 1<<62)); err != nil {
		return "", err
	}
	d := hex.EncodeToString(h.Sum(nil))
	r.digests[path] = d
	return d, nil
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
