package conditions

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// quantInstance is a random small scenario for a quantified condition: a
// set S over candidates a..d (each a member, a candidate of unknown
// membership, or absent), an indexed bool fact r and an indexed number
// fact v, each with unknown members.
type quantInstance struct {
	in, maybe []string
	r         map[string]any
	v         map[string]any
}

func randInstance(rnd *rand.Rand, maybe bool) quantInstance {
	q := quantInstance{r: map[string]any{}, v: map[string]any{}}
	nums := []any{0.3, 0.6, -0.4, 1.0, nil}
	bools := []any{true, false, nil}
	for _, m := range []string{"a", "b", "c", "d"} {
		switch k := rnd.IntN(10); {
		case k < 6:
			q.in = append(q.in, m)
		case k < 8 && maybe:
			q.maybe = append(q.maybe, m)
		}
		q.r[m] = bools[rnd.IntN(len(bools))]
		q.v[m] = nums[rnd.IntN(len(nums))]
	}
	return q
}

// facts gives the instance as Facts; a set with unknown memberships is a
// map to true or null, else a list.
func (q quantInstance) facts() Facts {
	f := Facts{"r": q.r, "v": q.v}
	if len(q.maybe) == 0 {
		f["S"] = append([]string{}, q.in...)
	} else {
		s := map[string]any{}
		for _, m := range q.in {
			s[m] = true
		}
		for _, m := range q.maybe {
			s[m] = nil
		}
		f["S"] = s
	}
	return f
}

// completions calls f with every two-valued completion of q: each unknown
// membership in or out, each unknown r true or false, each unknown v one
// of -10, 1 or 10 (enough to flip every comparison the tests make).
func (q quantInstance) completions(f func(members []string, r map[string]bool, v map[string]float64)) {
	type unknown struct {
		n   int // the number of values it takes
		set func(int)
	}
	var unknowns []unknown
	members := map[string]bool{}
	r := map[string]bool{}
	v := map[string]float64{}
	for _, m := range q.in {
		members[m] = true
	}
	for _, m := range q.maybe {
		unknowns = append(unknowns, unknown{2, func(i int) { members[m] = i == 1 }})
	}
	for m, x := range q.r {
		if x == nil {
			unknowns = append(unknowns, unknown{2, func(i int) { r[m] = i == 1 }})
		} else {
			r[m] = x.(bool)
		}
	}
	for m, x := range q.v {
		if x == nil {
			unknowns = append(unknowns, unknown{3, func(i int) { v[m] = []float64{-10, 1, 10}[i] }})
		} else {
			v[m] = x.(float64)
		}
	}
	total := 1
	for _, u := range unknowns {
		total *= u.n
	}
	for c := range total {
		for _, u := range unknowns {
			u.set(c % u.n)
			c /= u.n
		}
		var ms []string
		for m, in := range members {
			if in {
				ms = append(ms, m)
			}
		}
		f(ms, r, v)
	}
}

// quantTemplate is a quantified condition and its classical meaning.
type quantTemplate struct {
	src   string
	truth func(members []string, r map[string]bool, v map[string]float64) bool
	// knownSet: the template is tested only over sets without unknown
	// memberships (sum is unknown while a membership is, by definition).
	knownSet bool
}

func randTemplate(rnd *rand.Rand) quantTemplate {
	ops := []string{"==", "!=", "<", "<=", ">", ">="}
	op := ops[rnd.IntN(len(ops))]
	cmp := func(a float64, op string, b float64) bool {
		switch op {
		case "==":
			return a == b
		case "!=":
			return a != b
		case "<":
			return a < b
		case "<=":
			return a <= b
		case ">":
			return a > b
		}
		return a >= b
	}
	count := func(ms []string, p func(string) bool) float64 {
		n := 0
		for _, m := range ms {
			if p(m) {
				n++
			}
		}
		return float64(n)
	}
	switch rnd.IntN(7) {
	case 0:
		return quantTemplate{src: "any(x in S: r[x])", truth: func(ms []string, r map[string]bool, _ map[string]float64) bool {
			return count(ms, func(m string) bool { return r[m] }) > 0
		}}
	case 1:
		return quantTemplate{src: "all(x in S: v[x] > 0.5)", truth: func(ms []string, _ map[string]bool, v map[string]float64) bool {
			return count(ms, func(m string) bool { return !(v[m] > 0.5) }) == 0
		}}
	case 2:
		return quantTemplate{src: "any(x in S: not r[x] and v[x] < 0.5)", truth: func(ms []string, r map[string]bool, v map[string]float64) bool {
			return count(ms, func(m string) bool { return !r[m] && v[m] < 0.5 }) > 0
		}}
	case 3:
		k := float64(rnd.IntN(6)) - 0.5*float64(rnd.IntN(2))
		return quantTemplate{src: fmt.Sprintf("count(x in S: r[x]) %s %v", op, k), truth: func(ms []string, r map[string]bool, _ map[string]float64) bool {
			return cmp(count(ms, func(m string) bool { return r[m] }), op, k)
		}}
	case 4:
		k := float64(rnd.IntN(5))
		return quantTemplate{src: fmt.Sprintf("%v %s count(x in S: v[x] >= 0.6 or r[x])", k, op), truth: func(ms []string, r map[string]bool, v map[string]float64) bool {
			return cmp(k, op, count(ms, func(m string) bool { return v[m] >= 0.6 || r[m] }))
		}}
	case 5:
		// An order, not == or !=: the completions of an unknown number
		// are only its extremes, which decide an order but not equality.
		op := ops[2+rnd.IntN(4)]
		k := []float64{0.5, 1, -0.2, 1.9}[rnd.IntN(4)]
		return quantTemplate{knownSet: true, src: fmt.Sprintf("sum(x in S: v[x]) %s %v", op, k), truth: func(ms []string, _ map[string]bool, v map[string]float64) bool {
			s := 0.0
			for _, m := range ms {
				s += v[m]
			}
			return cmp(s, op, k)
		}}
	}
	return quantTemplate{src: "all(x in S: r[x] or v[x] == 1)", truth: func(ms []string, r map[string]bool, v map[string]float64) bool {
		return count(ms, func(m string) bool { return !(r[m] || v[m] == 1) }) == 0
	}}
}

// TestQuantifiersAgainstCompletions checks every quantifier on random small
// instances against the brute force: a result is True exactly when every
// two-valued completion of the unknown members, memberships and values
// makes the condition true, False when every completion makes it false,
// and Unknown otherwise. (For a body reading each member's own facts,
// Kleene's logic decides exactly this.)
func TestQuantifiersAgainstCompletions(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 3))
	tested := 0
	for tested < 400 {
		tp := randTemplate(rnd)
		q := randInstance(rnd, !tp.knownSet)
		e := MustParse(tp.src)
		got, err := Eval(e, q.facts())
		if err != nil {
			t.Fatalf("Eval(%s, %+v): %v", tp.src, q, err)
		}
		sawT, sawF := false, false
		q.completions(func(ms []string, r map[string]bool, v map[string]float64) {
			if tp.truth(ms, r, v) {
				sawT = true
			} else {
				sawF = true
			}
		})
		want := Unknown
		switch {
		case sawT && !sawF:
			want = True
		case sawF && !sawT:
			want = False
		}
		if got.Value != want {
			t.Fatalf("%s over S=%v maybe=%v r=%v v=%v: got %v, brute force says %v\n%s", tp.src, q.in, q.maybe, q.r, q.v, got.Value, want, got)
		}
		tested++
	}
}

// TestQuantifiersAgainstExpansion checks random quantified conditions,
// combined with and, or and not, against the plain condition the test
// writes out by hand for the same instance, over plain facts r_a, v_a,
// in_a (the membership of a candidate).
func TestQuantifiersAgainstExpansion(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 4))
	for i := range 300 {
		q := randInstance(rnd, true)
		plain := Facts{}
		for m, x := range q.r {
			plain["r_"+m] = x
		}
		for m, x := range q.v {
			plain["v_"+m] = x
		}
		term := func(m string, body string) string {
			b := strings.NewReplacer("r[x]", "r_"+m, "v[x]", "v_"+m).Replace(body)
			return "(" + b + ")"
		}
		// any, all and count(...) >= k, expanded as the package documents.
		expandQ := func(kind, body string, k int) string {
			var parts []string
			for _, m := range q.in {
				parts = append(parts, term(m, body))
			}
			for _, m := range q.maybe {
				switch kind {
				case "all":
					parts = append(parts, "(not in_"+m+" or "+term(m, body)+")")
				default:
					parts = append(parts, "(in_"+m+" and "+term(m, body)+")")
				}
			}
			switch {
			case kind == "any" && len(parts) == 0, kind == "count" && k > len(parts):
				return "false"
			case kind == "all" && len(parts) == 0, kind == "count" && k <= 0:
				return "true"
			case kind == "any":
				return "(" + strings.Join(parts, " or ") + ")"
			case kind == "all":
				return "(" + strings.Join(parts, " and ") + ")"
			}
			return fmt.Sprintf("atleast(%d, %s)", k, strings.Join(parts, ", "))
		}
		bodies := []string{"r[x]", "v[x] > 0.5", "not r[x] or v[x] < 0", "r[x] and v[x] == 1"}
		pick := func() (string, string) {
			body := bodies[rnd.IntN(len(bodies))]
			switch rnd.IntN(3) {
			case 0:
				return "any(x in S: " + body + ")", expandQ("any", body, 0)
			case 1:
				return "all(x in S: " + body + ")", expandQ("all", body, 0)
			}
			k := rnd.IntN(5)
			return fmt.Sprintf("count(x in S: %s) >= %d", body, k), expandQ("count", body, k)
		}
		a, pa := pick()
		b, pb := pick()
		c, pc := pick()
		src := fmt.Sprintf("%s and not (%s or %s)", a, b, c)
		want := fmt.Sprintf("%s and not (%s or %s)", pa, pb, pc)
		got, err := Eval(MustParse(src), q.facts())
		if err != nil {
			t.Fatalf("Eval(%s): %v", src, err)
		}
		w, err := Eval(MustParse(want), plain)
		if err != nil {
			t.Fatalf("Eval(%s): %v", want, err)
		}
		if got.Value != w.Value {
			t.Fatalf("case %d: %s = %v, but its expansion %s = %v", i, src, got.Value, want, w.Value)
		}
	}
}
