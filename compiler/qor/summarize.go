package qor

import (
	"fmt"
	"sort"
	"strings"
)

// Schema names the report format written by Report.JSON.
const Schema = "rules_accel-qor-v1"

// Report is a quality-of-results report of one synthesized design.
type Report struct {
	Schema     string    `json:"schema"`
	Tool       string    `json:"tool"`   // Yosys version
	Family     Family    `json:"family"` // target family
	Flow       string    `json:"flow"`   // Yosys synthesis command
	Top        string    `json:"top"`    // top module
	Total      Resources `json:"total"`
	Components []Part    `json:"components"` // per component; they add up to Total
	Primitives []Part    `json:"primitives"` // per primitive, plus the components' own logic; they add up to Total
	PnR        *PnR      `json:"pnr,omitempty"`
	Cycles     int64     `json:"cycles,omitempty"`     // latency in clock cycles, as given
	LatencyUS  float64   `json:"latency_us,omitempty"` // Cycles / Fmax in microseconds, to the nanosecond
}

// Part is the share of one component or primitive in a design.
type Part struct {
	Name      string    `json:"name"`
	Instances int       `json:"instances"` // instances in the whole design
	Resources Resources `json:"resources"` // of all instances together
}

// OwnLogic names the Primitives row of the components' own cells (control
// FSMs, guard muxes, ...), outside any primitive module.
const OwnLogic = "(component logic)"

// Summarize counts the resources of the design under top in Yosys's
// statistics, per component, per primitive and in total.
func Summarize(s *Stat, family Family, top string) (*Report, error) {
	key, ok := findModule(s, top)
	if !ok {
		names := make([]string, 0, len(s.Modules))
		for m := range s.Modules {
			names = append(names, moduleName(m))
		}
		sort.Strings(names)
		return nil, fmt.Errorf("top module %q is not in Yosys's statistics (modules: %s)", top, strings.Join(names, ", "))
	}
	order, err := topoOrder(s, key)
	if err != nil {
		return nil, err
	}
	// Instances of each module in the whole design, parents before children.
	inst := map[string]int{key: 1}
	for _, m := range order {
		for t, n := range s.Modules[m].NumCellsByType {
			if _, sub := s.Modules[t]; sub {
				inst[t] += inst[m] * n
			}
		}
	}
	if err := checkDesign(s, order, inst); err != nil {
		return nil, err
	}
	// Resources of one instance with everything below it, children first.
	incl := map[string]Resources{}
	own := map[string]Resources{}
	for i := len(order) - 1; i >= 0; i-- {
		m := order[i]
		var r, o Resources
		for _, t := range sortedKeys(s.Modules[m].NumCellsByType) {
			n := s.Modules[m].NumCellsByType[t]
			if _, sub := s.Modules[t]; sub {
				r.add(incl[t], n)
				continue
			}
			c := family.classify(t, n)
			r.add(c, 1)
			o.add(c, 1)
		}
		incl[m], own[m] = r, o
	}
	rep := &Report{Schema: Schema, Tool: s.Tool(), Family: family, Flow: family.Flow(), Top: moduleName(key), Total: incl[key]}
	prims := map[string]*Part{}
	logic := Part{Name: OwnLogic}
	for _, m := range order {
		if !isComponent(m) {
			continue
		}
		self := own[m]
		for t, n := range s.Modules[m].NumCellsByType {
			if _, sub := s.Modules[t]; !sub || isComponent(t) {
				continue
			}
			self.add(incl[t], n)
			name := primitiveName(t)
			p := prims[name]
			if p == nil {
				p = &Part{Name: name}
				prims[name] = p
			}
			p.Instances += inst[m] * n
			p.Resources.add(incl[t], inst[m]*n)
		}
		var total Resources
		total.add(self, inst[m])
		rep.Components = append(rep.Components, Part{Name: moduleName(m), Instances: inst[m], Resources: total})
		logic.Instances += inst[m]
		logic.Resources.add(own[m], inst[m])
	}
	sort.Slice(rep.Components, func(i, j int) bool { return rep.Components[i].Name < rep.Components[j].Name })
	for _, name := range sortedKeys(prims) {
		rep.Primitives = append(rep.Primitives, *prims[name])
	}
	rep.Primitives = append(rep.Primitives, logic)
	return rep, nil
}

// checkDesign compares the leaf cells counted through the hierarchy with
// Yosys's own count of the whole design (`stat -top`), when it gave one.
func checkDesign(s *Stat, order []string, inst map[string]int) error {
	if s.Design == nil {
		return nil
	}
	flat := Counts{}
	for _, m := range order {
		for t, n := range s.Modules[m].NumCellsByType {
			if _, sub := s.Modules[t]; !sub && n > 0 {
				flat[t] += inst[m] * n
			}
		}
	}
	want := Counts{}
	for t, n := range s.Design.NumCellsByType {
		if n > 0 {
			want[t] = n
		}
	}
	for _, t := range sortedKeys(merge(flat, want)) {
		if flat[t] != want[t] {
			return fmt.Errorf("the hierarchy holds %d cells of type %s but Yosys counts %d in the whole design", flat[t], t, want[t])
		}
	}
	return nil
}

func merge(a, b Counts) Counts {
	m := Counts{}
	for k, v := range a {
		m[k] = v
	}
	for k, v := range b {
		m[k] = v
	}
	return m
}

func findModule(s *Stat, top string) (string, bool) {
	top = moduleName(top)
	_, ok := s.Modules[top]
	return top, ok
}

// topoOrder lists the modules reachable from top, every parent before its
// children, and fails on a module that instantiates itself.
func topoOrder(s *Stat, top string) ([]string, error) {
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var post []string
	var visit func(m string, path []string) error
	visit = func(m string, path []string) error {
		switch state[m] {
		case visiting:
			return fmt.Errorf("module %s instantiates itself (%s)", moduleName(m), strings.Join(append(path, moduleName(m)), " -> "))
		case done:
			return nil
		}
		state[m] = visiting
		for _, t := range sortedKeys(s.Modules[m].NumCellsByType) {
			if _, sub := s.Modules[t]; sub {
				if err := visit(t, append(path, moduleName(m))); err != nil {
					return err
				}
			}
		}
		state[m] = done
		post = append(post, m)
		return nil
	}
	if err := visit(top, nil); err != nil {
		return nil, err
	}
	order := make([]string, len(post))
	for i, m := range post {
		order[len(post)-1-i] = m
	}
	return order, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
