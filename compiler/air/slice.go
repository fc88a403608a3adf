package air

import "fmt"

// SliceProgram returns a program that runs only main's calls [from, to) of
// p, for simulating a long model in pieces. It keeps the kernels those
// calls name and the memories they touch, with the same names, types and
// partitions. A memory the slice stores to becomes an output (its contents
// before the slice are its initial value, see lower.Data); one it only
// loads becomes an input, except const memories, which stay const with
// their data. Running the slice from the state p's interpreter reaches
// after calls [0, from) gives the same contents as p after call to-1.
func SliceProgram(p *Program, from, to int) (*Program, error) {
	if from < 0 || to > len(p.Main) || from >= to {
		return nil, fmt.Errorf("air: slice [%d, %d) of main's %d calls is empty or out of range", from, to, len(p.Main))
	}
	q := Clone(p)
	q.Main = q.Main[from:to]
	keep := map[string]bool{}
	for _, c := range q.Main {
		keep[c.Kernel] = true
	}
	var kernels []*Kernel
	loaded, stored := map[string]bool{}, map[string]bool{}
	for _, k := range q.Kernels {
		if !keep[k.Name] {
			continue
		}
		kernels = append(kernels, k)
		ls, ss := Accesses(k)
		for _, m := range ls {
			loaded[m] = true
		}
		for _, m := range ss {
			stored[m] = true
		}
	}
	q.Kernels = kernels
	var mems []*Memory
	for _, m := range q.Mems {
		switch {
		case stored[m.Name]:
			if m.Kind == MemConst {
				return nil, fmt.Errorf("air: slice stores to const memory %s", m.Name)
			}
			m.Kind = MemOutput
		case loaded[m.Name]:
			if m.Kind != MemConst {
				m.Kind = MemInput
			}
		default:
			continue
		}
		mems = append(mems, m)
	}
	q.Mems = mems
	data := map[string][]int64{}
	for _, m := range q.Mems {
		if m.Kind == MemConst {
			data[m.Name] = q.Data[m.Name]
		}
	}
	q.Data = data
	return q, nil
}

// SplitMain cuts main's calls into at most n contiguous ranges [from, to)
// of about equal Work, for simulating p in n pieces. Each range holds at
// least one call.
func SplitMain(p *Program, n int) [][2]int {
	calls := len(p.Main)
	if n > calls {
		n = calls
	}
	if n < 1 {
		n = 1
	}
	work := make([]int64, calls)
	var total int64
	for i, c := range p.Main {
		if k := p.Kernel(c.Kernel); k != nil {
			work[i] = Work(k)
		}
		total += work[i]
	}
	var out [][2]int
	from := 0
	var done int64
	for part := 0; part < n; part++ {
		if part == n-1 {
			out = append(out, [2]int{from, calls})
			break
		}
		// Take calls until this part reaches its share of what is left,
		// leaving at least one call for each later part.
		target := (total - done) / int64(n-part)
		to := from + 1
		acc := work[from]
		for to < calls-(n-part-1) && acc+work[to]/2 < target {
			acc += work[to]
			to++
		}
		out = append(out, [2]int{from, to})
		done += acc
		from = to
	}
	return out
}
