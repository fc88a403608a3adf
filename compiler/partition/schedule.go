package partition

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// Rule sets the unroll factor of kernels whose name matches Pattern.
type Rule struct {
	Pattern string // path.Match glob over kernel names
	Factor  int    // unroll factor, >= 1, or Auto
	Loop    string // loop variable to unroll; "" chooses automatically
}

// Auto as a factor picks, per unrolled loop, the largest of 8, 4 and 2 that divides its trip count (else 1).
const Auto = 0

// Schedule is the per-kernel unroll plan.
type Schedule struct {
	Rules   []Rule
	Default int // factor for kernels no rule matches; 0 (Auto) counts as 1 here
}

// ParseSchedule reads "PATTERN=FACTOR[:LOOP],..." where FACTOR is an integer or auto (empty string: no unrolling).
func ParseSchedule(s string) (Schedule, error) {
	var sch Schedule
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		pat, val, ok := strings.Cut(item, "=")
		if !ok {
			return sch, fmt.Errorf("unroll rule %q: want PATTERN=FACTOR[:LOOP]", item)
		}
		pat = strings.TrimSpace(pat)
		if _, err := path.Match(pat, ""); err != nil || pat == "" {
			return sch, fmt.Errorf("unroll rule %q: bad pattern", item)
		}
		fs, loop, _ := strings.Cut(strings.TrimSpace(val), ":")
		f, err := strconv.Atoi(strings.TrimSpace(fs))
		if strings.TrimSpace(fs) == "auto" {
			f, err = Auto, nil
		} else if err != nil || f < 1 || f > 1024 {
			return sch, fmt.Errorf("unroll rule %q: factor must be auto or an integer in 1..1024", item)
		}
		sch.Rules = append(sch.Rules, Rule{Pattern: pat, Factor: f, Loop: strings.TrimSpace(loop)})
	}
	return sch, nil
}

// For returns the unroll factor and loop for a kernel.
func (s Schedule) For(kernel string) (int, string) {
	for _, r := range s.Rules {
		if ok, _ := path.Match(r.Pattern, kernel); ok {
			return r.Factor, r.Loop
		}
	}
	if s.Default < 1 {
		return 1, ""
	}
	return s.Default, ""
}

// String prints the schedule in ParseSchedule's syntax.
func (s Schedule) String() string {
	var parts []string
	for _, r := range s.Rules {
		p := fmt.Sprintf("%s=%d", r.Pattern, r.Factor)
		if r.Factor == Auto {
			p = r.Pattern + "=auto"
		}
		if r.Loop != "" {
			p += ":" + r.Loop
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ",")
}
