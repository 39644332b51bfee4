package conditions

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// The fact schema of the tests: a few facts of each type.
var progFields = []Field{
	{Name: "a", Type: Bool}, {Name: "b", Type: Bool}, {Name: "c", Type: Bool},
	{Name: "d", Type: Bool}, {Name: "e", Type: Bool}, {Name: "f", Type: Bool},
	{Name: "x", Type: Number}, {Name: "y", Type: Number}, {Name: "z", Type: Number},
	{Name: "s", Type: String}, {Name: "t", Type: String},
	{Name: "day", Type: Date}, {Name: "since", Type: Date},
}

func progSchema(tb testing.TB) *Schema {
	tb.Helper()
	s, err := NewSchema(progFields...)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func progCompile(tb testing.TB, src string, s *Schema) *Program {
	tb.Helper()
	e, err := Parse(src)
	if err != nil {
		tb.Fatalf("Parse(%q): %v", src, err)
	}
	p, err := Compile(e, s)
	if err != nil {
		tb.Fatalf("Compile(%q): %v", src, err)
	}
	return p
}

// progFirstError returns the *Error in err: err itself or the first of an
// ErrorList.
func progFirstError(err error) *Error {
	var l ErrorList
	if errors.As(err, &l) && len(l) > 0 {
		return l[0]
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// progSame reports how the outcome of a Program differs from that of
// Eval, or "" if it does not: the same value, or errors with the same code,
// message and position, each an ErrorList of one.
func progSame(want Result, wantErr error, got Truth, gotErr error) string {
	switch {
	case wantErr == nil && gotErr == nil:
		if got != want.Value {
			return fmt.Sprintf("got %v, Eval gives %v", got, want.Value)
		}
		return ""
	case wantErr == nil:
		return fmt.Sprintf("got error %v, Eval gives %v", gotErr, want.Value)
	case gotErr == nil:
		return fmt.Sprintf("got %v, Eval gives error %v", got, wantErr)
	}
	var l ErrorList
	if !errors.As(gotErr, &l) || len(l) != 1 {
		return fmt.Sprintf("got error %#v, want an ErrorList of one", gotErr)
	}
	w, g := progFirstError(wantErr), l[0]
	if *w != *g {
		return fmt.Sprintf("got error %+v, Eval gives %+v", *g, *w)
	}
	return ""
}

// progLazySame checks the outcome got, gotErr of p.EvalFacts(f) against
// its definition (EvalFactsRef: Program.Eval on the shortest prefix of the
// facts in order of first occurrence that decides), whose error it must
// give exactly, and against Eval's want, wantErr on all the facts: when
// neither errs, the same value; when EvalFacts errs, Eval errs too.
func progLazySame(p *Program, f Facts, want Result, wantErr error, got Truth, gotErr error) string {
	rt, rerr := p.EvalFactsRef(f)
	if d := progSame(Result{Value: rt}, rerr, got, gotErr); d != "" {
		return "against its definition: " + d
	}
	switch {
	case wantErr == nil && gotErr == nil && got != want.Value:
		return fmt.Sprintf("got %v, Eval gives %v", got, want.Value)
	case gotErr != nil && wantErr == nil:
		return fmt.Sprintf("got error %v, Eval gives %v", gotErr, want.Value)
	}
	return ""
}

func TestProgram(t *testing.T) {
	s := progSchema(t)
	jan1 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	// 23:30 on 31 Dec 2019 in New York is already 1 Jan 2020 in UTC; its
	// civil date is 31 Dec 2019.
	ny := time.FixedZone("EST", -5*3600)
	lateNY := time.Date(2019, 12, 31, 23, 30, 0, 0, ny)
	tests := []struct {
		src     string
		facts   Facts
		want    Truth
		code    Code // the error code, if an error is wanted
		errText string
		reason  string
	}{
		{src: "a and b", facts: Facts{"a": true}, want: Unknown,
			reason: "and with an unknown operand and no false one is unknown"},
		{src: "a and b", facts: Facts{"b": false}, want: False,
			reason: "a false operand decides and, whatever the unknown one"},
		{src: "a or b", facts: Facts{"b": true}, want: True,
			reason: "a true operand decides or"},
		{src: "a or b", facts: Facts{"a": false}, want: Unknown,
			reason: "or of false and unknown is unknown"},
		{src: "not a", facts: Facts{}, want: Unknown,
			reason: "not keeps unknown"},
		{src: "not (a and not b)", facts: Facts{"a": true, "b": true}, want: True,
			reason: "negation is pushed down by De Morgan's laws"},
		{src: "not (a or b or x > 1)", facts: Facts{"a": false, "x": 0}, want: Unknown,
			reason: "De Morgan through a comparison: notTruth(false or unknown or false)"},
		{src: "atleast(2, a, b, c)", facts: Facts{"a": true, "b": true}, want: True,
			reason: "atleast holds once K operands are true"},
		{src: "atleast(2, a, b, c)", facts: Facts{"a": false, "b": false}, want: False,
			reason: "atleast fails once too few can still be true"},
		{src: "atleast(2, a, b, c)", facts: Facts{"a": true, "b": false}, want: Unknown,
			reason: "atleast is unknown while the count can still go either way"},
		{src: "atleast(0, a, 1 / x > 0)", facts: Facts{}, want: True,
			reason: "atleast(0, ...) always holds"},
		{src: "atleast(3, a, b)", facts: Facts{"a": true, "b": true}, want: False,
			reason: "K above the number of operands never holds"},
		{src: "atleast(2, true, a, not b)", facts: Facts{"b": false}, want: True,
			reason: "a constant true operand counts"},
		{src: "not atleast(1, a, b == c)", facts: Facts{"a": false, "b": true, "c": true}, want: False,
			reason: "a negated atleast over a boolean equality"},
		{src: "x + y * 2 > 4", facts: Facts{"x": 1, "y": 2}, want: True,
			reason: "arithmetic with precedence"},
		{src: "x * 0 == 0", facts: Facts{}, want: Unknown,
			reason: "arithmetic with an unknown operand is unknown, even times zero"},
		{src: "x / y > 1", facts: Facts{"x": 1, "y": 0}, code: CodeDivByZero, errText: "1:3: division by zero in x / y",
			reason: "division by zero is an error at the '/'"},
		{src: "x / y > 1", facts: Facts{"y": 0}, code: CodeDivByZero,
			reason: "division by zero is an error even if the dividend is unknown"},
		{src: "x / y > 1", facts: Facts{"x": 1}, want: Unknown,
			reason: "division by an unknown divisor is unknown, not an error"},
		{src: "false and 1 / x > 0", facts: Facts{"x": 0}, code: CodeDivByZero,
			reason: "no short-circuit hides a division by zero"},
		{src: "1 / 0 > 0 or true", facts: Facts{}, code: CodeDivByZero, errText: "1:3: division by zero in 1 / 0",
			reason: "a constant division by zero is not folded away"},
		{src: "x / (y - y) > 0", facts: Facts{"y": 3}, code: CodeDivByZero,
			reason: "a computed zero divisor"},
		{src: "x / (1 / 0) > 0 or 2 / 0 > 0", facts: Facts{"x": 1}, errText: "1:8: division by zero in 1 / 0",
			code: CodeDivByZero, reason: "the first division by zero in source order is reported; a failed divisor is unknown"},
		{src: "1 / x > 0 and a", facts: Facts{"x": 0, "a": "yes"}, code: CodeDivByZero,
			errText: "1:3: division by zero in 1 / x",
			reason:  "errors are sorted by position: the division comes before the bad fact"},
		{src: "a and 1 / x > 0", facts: Facts{"x": 0, "a": "yes"}, code: CodeFactType,
			errText: `1:1: fact "a" must be a bool, got a string`,
			reason:  "the bad fact comes first in the source"},
		{src: "x > 1", facts: Facts{"x": math.NaN()}, code: CodeFactType,
			reason: "a NaN fact is refused"},
		{src: "x > 1", facts: Facts{"x": int8(3)}, want: True,
			reason: "any Go integer is a number"},
		{src: "x > 1", facts: Facts{"x": struct{}{}}, code: CodeFactType,
			reason: "an unsupported Go type is refused"},
		{src: "x * 1e308 * 10 - x * 1e308 * 10 == 0", facts: Facts{"x": 1}, want: False,
			reason: "Inf - Inf is NaN, which equals nothing"},
		{src: "x * 1e308 * 10 - x * 1e308 * 10 != 0", facts: Facts{"x": 1}, want: True,
			reason: "NaN differs from everything"},
		{src: "-x < 0", facts: Facts{"x": 2}, want: True,
			reason: "unary minus on a fact"},
		{src: "s < t", facts: Facts{"s": "B", "t": "a"}, want: True,
			reason: "strings compare byte-wise"},
		{src: `"b" > s`, facts: Facts{"s": "a"}, want: True,
			reason: "a constant on the left is flipped to the right"},
		{src: `s == "é"`, facts: Facts{"s": "é"}, want: True,
			reason: "string equality"},
		{src: "day <= @2020-01-01", facts: Facts{"day": jan1}, want: True,
			reason: "dates compare by day"},
		{src: "day < @2020-01-01", facts: Facts{"day": lateNY}, want: True,
			reason: "a date is the civil date in its own location"},
		{src: "day < since", facts: Facts{"day": jan1, "since": jan1.AddDate(0, 0, 1)}, want: True,
			reason: "two date facts"},
		{src: "a == b", facts: Facts{"a": false, "b": false}, want: True,
			reason: "boolean equality"},
		{src: "a != (x > 1)", facts: Facts{"a": true, "x": 0}, want: True,
			reason: "boolean inequality with a comparison"},
		{src: "a == true", facts: Facts{"a": false}, want: False,
			reason: "comparing with true is the operand itself"},
		{src: "false != a", facts: Facts{}, want: Unknown,
			reason: "comparing with a constant keeps unknown"},
		{src: "a and true and (b or false)", facts: Facts{"a": true, "b": true}, want: True,
			reason: "constants that do not decide are dropped"},
		{src: "1 + 1 == 2 and @2020-01-02 > @2020-01-01", facts: Facts{}, want: True,
			reason: "constant comparisons fold"},
		{src: "a", facts: Facts{"a": nil}, want: Unknown,
			reason: "a nil fact is unknown"},
	}
	for _, tt := range tests {
		if tt.reason == "" {
			t.Fatalf("%s: no reason", tt.src)
		}
		t.Run(tt.src, func(t *testing.T) {
			p := progCompile(t, tt.src, s)
			v := NewValues(s)
			_ = v.FromFacts(tt.facts) // errors are reported by Eval
			got, err := p.Eval(v)
			if tt.code != "" {
				e := progFirstError(err)
				if e == nil || e.Code != tt.code {
					t.Fatalf("Eval = %v, %v; want error %s (%s)", got, err, tt.code, tt.reason)
				}
				if tt.errText != "" && err.Error() != tt.errText {
					t.Errorf("error %q, want %q (%s)", err, tt.errText, tt.reason)
				}
			} else if err != nil || got != tt.want {
				t.Fatalf("Eval = %v, %v; want %v (%s)", got, err, tt.want, tt.reason)
			}
			want, wantErr := Eval(p.Expr(), tt.facts)
			if d := progSame(want, wantErr, got, err); d != "" {
				t.Errorf("Program.Eval and Eval disagree: %s", d)
			}
			got2, err2 := p.EvalFacts(tt.facts)
			if d := progLazySame(p, tt.facts, want, wantErr, got2, err2); d != "" {
				t.Errorf("Program.EvalFacts and Eval disagree: %s", d)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	s := progSchema(t)
	tests := []struct {
		src    string
		code   Code
		reason string
	}{
		{"a and x", CodeType, "a number is not a bool operand"},
		{"x + s > 1", CodeType, "a string is not a number operand"},
		{"a < b", CodeType, "bools are not ordered"},
		{"x == s", CodeType, "operands of different types"},
		{"x", CodeType, "the condition must be a bool"},
		{"peace", CodeUnknownFact, "facts must be declared in the schema"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Compile(e, s)
		if p != nil || !errors.Is(err, &Error{Code: tt.code}) {
			t.Errorf("Compile(%q) = %v, %v; want error %s (%s)", tt.src, p, err, tt.code, tt.reason)
		}
		// The compiler on its own, without Check, reports errors too,
		// rather than panic.
		if _, err := compile(e, s); !errors.Is(err, &Error{Code: tt.code}) {
			t.Errorf("compile(%q) = %v; want error %s", tt.src, err, tt.code)
		}
	}
	var l ErrorList
	_, err := Compile(MustParse("peac and a"), s)
	if !errors.As(err, &l) || l[0].Hint != `did you mean "peace"?` && !strings.Contains(err.Error(), "peac") {
		t.Errorf("Compile with an unknown fact: %v; want an ErrorList naming it", err)
	}
}

func TestCompileZeroExpr(t *testing.T) {
	p, err := Compile(Expr{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := p.Eval(NewValues(nil)); got != True || err != nil {
		t.Errorf("the zero Expr evaluates to %v, %v; want true, as Eval does", got, err)
	}
}

func TestProgramAccessors(t *testing.T) {
	s := progSchema(t)
	p := progCompile(t, "x > 1 and (b or a) and x < 3", s)
	if got, want := fmt.Sprint(p.Facts()), "[a b x]"; got != want {
		t.Errorf("Facts() = %s, want %s in slot order without duplicates", got, want)
	}
	p.Facts()[0] = "changed"
	if p.Facts()[0] != "a" {
		t.Error("Facts() returns the program's own slice")
	}
	if p.Schema() != s || p.String() != "x > 1 and (b or a) and x < 3" {
		t.Errorf("Schema() = %p, String() = %q", p.Schema(), p.String())
	}
}

func TestValuesMisuse(t *testing.T) {
	s := progSchema(t)
	p := progCompile(t, "a or x > 1", s)
	ia, _ := s.Index("a")
	ix, _ := s.Index("x")
	is, _ := s.Index("s")
	code := func(err error) Code {
		if e := progFirstError(err); e != nil {
			return e.Code
		}
		return ""
	}

	v := NewValues(s)
	v.SetString(ix, "3")
	if _, err := p.Eval(v); code(err) != CodeFactType || !strings.Contains(err.Error(), `fact "x" must be a number, got a string`) {
		t.Errorf("after SetString on a number slot, Eval: %v; want a fact_type error naming x", err)
	}
	v.SetNumber(ix, 3)
	if got, err := p.Eval(v); got != True || err != nil {
		t.Errorf("after SetNumber repairs the slot, Eval = %v, %v; want true", got, err)
	}
	v.SetNumber(ix, math.NaN())
	if _, err := p.Eval(v); code(err) != CodeFactType {
		t.Errorf("after SetNumber(NaN), Eval: %v; want a fact_type error", err)
	}
	// Whatever Eval makes of non-finite facts, SetNumber makes the same.
	for _, x := range []float64{math.Inf(1), math.Inf(-1), math.Copysign(0, -1)} {
		v.SetNumber(ix, x)
		got, err := p.Eval(v)
		want, wantErr := Eval(p.Expr(), Facts{"x": x})
		if d := progSame(want, wantErr, got, err); d != "" {
			t.Errorf("SetNumber(%v): %s", x, d)
		}
	}
	v.Unset(ix)
	if got, err := p.Eval(v); got != Unknown || err != nil {
		t.Errorf("after Unset, Eval = %v, %v; want unknown", got, err)
	}
	v.SetBool(is, true) // a slot the program does not read
	if got, err := p.Eval(v); got != Unknown || err != nil {
		t.Errorf("an invalid slot the program does not read: Eval = %v, %v; want unknown", got, err)
	}

	v.SetBool(99, true)
	if _, err := p.Eval(v); code(err) != CodeArgument || !strings.Contains(err.Error(), "slot 99 out of range") {
		t.Errorf("after SetBool(99), Eval: %v; want an argument error", err)
	}
	v.Reset()
	v.SetBool(ia, true)
	if got, err := p.Eval(v); got != True || err != nil {
		t.Errorf("after Reset, Eval = %v, %v; want true", got, err)
	}

	if err := v.Set("peac", true); code(err) != CodeUnknownFact {
		t.Errorf("Set of an undeclared fact: %v; want unknown_fact", err)
	}
	if err := v.Set("x", "3"); code(err) != CodeFactType {
		t.Errorf("Set of a string into a number: %v; want fact_type", err)
	}
	if err := v.Set("x", int64(3)); err != nil {
		t.Errorf("Set of an int64 into a number: %v", err)
	}
	if err := v.FromFacts(Facts{"a": 1, "x": "y", "other": struct{}{}}); code(err) != CodeFactType || !strings.Contains(err.Error(), `"a"`) {
		t.Errorf("FromFacts: %v; want the fact_type error of the first bad fact in slot order, a", err)
	}

	other := NewValues(progSchema(t))
	if _, err := p.Eval(other); code(err) != CodeArgument {
		t.Errorf("Eval of Values for another schema: %v; want an argument error", err)
	}
	if _, err := p.Eval(nil); code(err) != CodeArgument {
		t.Errorf("Eval(nil): %v; want an argument error", err)
	}
}

// TestCounters checks the bit-sliced counters of atleast against plain
// counting, for every count and threshold of up to 7 operands.
func TestCounters(t *testing.T) {
	for n := 0; n <= 7; n++ {
		w := max(1, progBitsLen(n))
		for ones := 0; ones <= n; ones++ {
			cnt := make([]tf, w)
			for i := range n {
				m := laneMask(i < ones)
				countLanes(cnt, m, ^m) // lanes all alike: m in t, its complement in f
			}
			for k := 0; k <= n+1; k++ {
				ge, geNot := atLeastLanes(cnt, uint64(k))
				if want := laneMask(ones >= k); ge != want {
					t.Errorf("n=%d ones=%d k=%d: t counter >= k in lanes %#x, want %#x", n, ones, k, ge, want)
				}
				if want := laneMask(n-ones >= k); geNot != want {
					t.Errorf("n=%d ones=%d k=%d: f counter >= k in lanes %#x, want %#x", n, ones, k, geNot, want)
				}
			}
		}
	}
}

func progBitsLen(n int) int {
	l := 0
	for n > 0 {
		l++
		n >>= 1
	}
	return l
}

// The random condition generator of the property tests. It builds
// well-typed trees over progFields.

type progGen struct {
	r *rand.Rand
	// bools names the bool facts to draw from, and fields lists the
	// schema's fields: progFields unless set.
	bools  []string
	fields []Field
}

// wideFields is a schema of 200 facts, most of them bools, so that
// conditions read several words of the bitsets.
var wideFields, wideBools = func() ([]Field, []string) {
	var fs []Field
	var bools []string
	for i := range 190 {
		name := fmt.Sprintf("w%d", i)
		fs = append(fs, Field{Name: name, Type: Bool})
		bools = append(bools, name)
	}
	for _, f := range progFields {
		if f.Type != Bool {
			fs = append(fs, f)
		}
	}
	return fs, bools
}()

func (g *progGen) schemaFields() []Field {
	if g.fields == nil {
		return progFields
	}
	return g.fields
}

func (g *progGen) pick(names ...string) string { return names[g.r.IntN(len(names))] }

func (g *progGen) fact(names ...string) ast.Node { return &ast.Fact{Name: g.pick(names...)} }

func (g *progGen) boolean(depth int) ast.Node {
	if depth <= 0 {
		switch g.r.IntN(10) {
		case 0:
			return &ast.Lit{Val: ast.Bool(g.r.IntN(2) == 0)}
		case 1:
			return g.compare(0)
		}
		if g.bools != nil {
			return g.fact(g.bools...)
		}
		return g.fact("a", "b", "c", "d", "e", "f")
	}
	switch g.r.IntN(9) {
	case 0:
		return g.boolean(0)
	case 1:
		return &ast.Unary{Op: ast.OpNot, X: g.boolean(depth - 1)}
	case 2, 3:
		args := make([]ast.Node, 2+g.r.IntN(3))
		for i := range args {
			args[i] = g.boolean(depth - 1)
		}
		return ast.NewLogic([]ast.Op{ast.OpAnd, ast.OpOr}[g.r.IntN(2)], args...)
	case 4:
		args := make([]ast.Node, 1+g.r.IntN(4))
		for i := range args {
			args[i] = g.boolean(depth - 1)
		}
		return &ast.AtLeast{K: g.r.IntN(len(args) + 2), Args: args}
	case 5:
		ops := []ast.Op{ast.OpEq, ast.OpNe}
		return &ast.Compare{Op: ops[g.r.IntN(2)], L: g.boolean(depth - 1), R: g.boolean(depth - 1)}
	case 6:
		return &ast.Tagged{Origin: "progGen", X: g.boolean(depth - 1)}
	}
	return g.compare(depth - 1)
}

var progCmpOps = []ast.Op{ast.OpEq, ast.OpNe, ast.OpLt, ast.OpLe, ast.OpGt, ast.OpGe}

func (g *progGen) compare(depth int) ast.Node {
	op := progCmpOps[g.r.IntN(len(progCmpOps))]
	switch g.r.IntN(4) {
	case 0:
		return &ast.Compare{Op: op, L: g.leaf(String), R: g.leaf(String)}
	case 1:
		return &ast.Compare{Op: op, L: g.leaf(Date), R: g.leaf(Date)}
	}
	return &ast.Compare{Op: op, L: g.number(depth), R: g.number(depth)}
}

func (g *progGen) leaf(t Type) ast.Node {
	lit := g.r.IntN(3) == 0
	switch t {
	case String:
		if lit {
			return &ast.Lit{Val: ast.String(g.pick("", "a", "b", "ab", "é"))}
		}
		return g.fact("s", "t")
	}
	if lit {
		return &ast.Lit{Val: ast.Date(18262 + int64(g.r.IntN(3)))} // 2020-01-01 and the next two days
	}
	return g.fact("day", "since")
}

var progNumbers = []float64{0, 1, 2, 0.5, 3, 1e308, -1, -0.5}

func (g *progGen) number(depth int) ast.Node {
	if depth <= 0 || g.r.IntN(3) == 0 {
		if g.r.IntN(3) == 0 {
			return &ast.Lit{Val: ast.Number(progNumbers[g.r.IntN(len(progNumbers))])}
		}
		return g.fact("x", "y", "z")
	}
	if g.r.IntN(6) == 0 {
		return &ast.Unary{Op: ast.OpNeg, X: g.number(depth - 1)}
	}
	ops := []ast.Op{ast.OpAdd, ast.OpSub, ast.OpMul, ast.OpDiv, ast.OpDiv}
	return &ast.Arith{Op: ops[g.r.IntN(len(ops))], L: g.number(depth - 1), R: g.number(depth - 1)}
}

// expr returns a random condition: parsed from the canonical text of a
// random tree (so that it has positions), the tree itself (no positions),
// or a combination of parsed conditions (positions from several sources).
func (g *progGen) expr(tb testing.TB) Expr {
	tb.Helper()
	parsed := func() Expr {
		src := ast.Format(g.boolean(1 + g.r.IntN(4)))
		e, err := Parse(src)
		if err != nil {
			tb.Fatalf("Parse(%q): %v", src, err)
		}
		return e
	}
	switch g.r.IntN(5) {
	case 0:
		return Expr{root: g.boolean(1 + g.r.IntN(4))}
	case 1:
		return And(parsed(), Not(parsed()))
	case 2:
		return Or(WithOrigin(parsed(), "x"), parsed())
	}
	return parsed()
}

// facts returns random facts for e: each fact absent, nil or a value of
// its type; and, if wrong is set, with a small chance a value Eval refuses
// for facts whose type Eval infers (for the others, Eval checks the values
// against each other rather than against the schema).
func (g *progGen) facts(e Expr, wrong bool) Facts {
	types, _ := inferTypes(e.root, nil)
	f := Facts{}
	for _, fl := range g.schemaFields() {
		switch u := g.r.IntN(20); {
		case u < 4:
			continue
		case u == 4:
			f[fl.Name] = nil
			continue
		case u == 5 && wrong && types[fl.Name] != Any && types[fl.Name] != 0:
			f[fl.Name] = []any{"yes", 1, math.NaN(), struct{}{}, time.Time{}, true}[g.r.IntN(6)]
			continue
		}
		switch fl.Type {
		case Bool:
			f[fl.Name] = g.r.IntN(2) == 0
		case Number:
			x := progNumbers[g.r.IntN(len(progNumbers))]
			switch g.r.IntN(6) {
			case 0:
				f[fl.Name] = int(x)
			case 1:
				if math.Abs(x) < 1e38 { // no overflow to an infinity
					f[fl.Name] = float32(x)
				} else {
					f[fl.Name] = x
				}
			default:
				f[fl.Name] = x
			}
		case String:
			f[fl.Name] = g.pick("", "a", "b", "ab", "é")
		case Date:
			loc := []*time.Location{time.UTC, time.FixedZone("W", -11*3600), time.FixedZone("E", 13*3600)}[g.r.IntN(3)]
			f[fl.Name] = time.Date(2020, 1, 1+g.r.IntN(3), g.r.IntN(24), 0, 0, 0, loc)
		}
	}
	return f
}

// progSetTyped fills v from f with the typed setters where the value has the
// Go type of its fact (and Set for the others).
func progSetTyped(tb testing.TB, v *Values, f Facts) {
	tb.Helper()
	v.Reset()
	for name, x := range f {
		i, _ := v.Schema().Index(name)
		switch x := x.(type) {
		case bool:
			v.SetBool(i, x)
		case float64:
			v.SetNumber(i, x)
		case string:
			v.SetString(i, x)
		case time.Time:
			v.SetDate(i, x)
		default:
			_ = v.Set(name, x)
		}
	}
}

// TestProgramMatchesEval checks on thousands of random conditions and
// facts that Program.Eval gives what Eval gives: the same truth value, or
// the same error (code, message and position); and Program.EvalFacts what
// its definition gives (see progLazySame).
func TestProgramMatchesEval(t *testing.T) {
	s := progSchema(t)
	g := &progGen{r: rand.New(rand.NewPCG(1, 2))}
	v := NewValues(s)
	var nErr, nValue [3]int
	for range 3000 {
		e := g.expr(t)
		p, err := Compile(e, s)
		if err != nil {
			t.Fatalf("Compile(%s): %v", e, err)
		}
		for range 8 {
			f := g.facts(e, true)
			want, wantErr := Eval(e, f)
			if wantErr != nil {
				nErr[0]++
			} else {
				nValue[want.Value]++
			}
			_ = v.FromFacts(f)
			got, err := p.Eval(v)
			if d := progSame(want, wantErr, got, err); d != "" {
				t.Fatalf("%s\nfacts %v\nProgram.Eval after FromFacts: %s", e, f, d)
			}
			progSetTyped(t, v, f)
			got, err = p.Eval(v)
			if d := progSame(want, wantErr, got, err); d != "" {
				t.Fatalf("%s\nfacts %v\nProgram.Eval after typed setters: %s", e, f, d)
			}
			got, err = p.EvalFacts(f)
			if d := progLazySame(p, f, want, wantErr, got, err); d != "" {
				t.Fatalf("%s\nfacts %v\nProgram.EvalFacts: %s", e, f, d)
			}
		}
	}
	// The generator must exercise every outcome, or the test proves little.
	t.Logf("outcomes: %d unknown, %d false, %d true, %d errors", nValue[Unknown], nValue[False], nValue[True], nErr[0])
	for _, n := range append(nValue[:], nErr[0]) {
		if n < 1000 {
			t.Errorf("an outcome occurred only %d times in 24000 evaluations", n)
		}
	}
}

// TestProgramWideSchema runs the comparison with Eval on a schema of 200
// facts, where fact lists and clauses span several words of the bitsets,
// for Program.Eval and lane by lane for EvalBatch.
func TestProgramWideSchema(t *testing.T) {
	s, err := NewSchema(wideFields...)
	if err != nil {
		t.Fatal(err)
	}
	g := &progGen{r: rand.New(rand.NewPCG(21, 22)), bools: wideBools, fields: wideFields}
	v := NewValues(s)
	b := NewBatch(s)
	// Facts of an and or or in several words, with clauses, in each kind
	// of place.
	fixed := []string{
		"w0 and (w1 or w100 or (w2 and w3))",
		"w0 or (w1 and w150 and not (w2 or not w3))",
		"not (w0 and (w1 or w100 or (w2 and w3)))",
		"(w1 or w100 or (w2 and w3)) and x > 1",
		"x > 1 or (w1 and not w70 and (w2 or w3) and (w140 or w141))",
		"atleast(2, w1, w64, not w128, w0 and w65)",
	}
	for i := range 1500 {
		// Wide flat conditions: long and/or lists of facts, negated
		// facts and clauses, over random bools.
		e := g.expr(t)
		if i < len(fixed) {
			e = MustParse(fixed[i])
		} else if g.r.IntN(2) == 0 {
			var args []Expr
			for range 2 + g.r.IntN(12) {
				args = append(args, Expr{root: g.boolean(g.r.IntN(2))})
			}
			e = [](func(...Expr) Expr){And, Or}[g.r.IntN(2)](args...)
		}
		p, err := Compile(e, s)
		if err != nil {
			t.Fatalf("Compile(%s): %v", e, err)
		}
		tries := 4
		if i < len(fixed) {
			tries = 300
		}
		for range tries {
			f := g.facts(e, false)
			want, wantErr := Eval(e, f)
			_ = v.FromFacts(f)
			got, err := p.Eval(v)
			if d := progSame(want, wantErr, got, err); d != "" {
				t.Fatalf("%s\nfacts %v\nProgram.Eval: %s", e, f, d)
			}
			_ = b.FromFacts(f)
			tr, fa, err := p.EvalBatch(b)
			lane := Truth(tr&1)<<1 | Truth(fa&1)
			if d := progSame(want, wantErr, lane, err); d != "" || err == nil && (tr != 0 && tr != ^uint64(0) || fa != 0 && fa != ^uint64(0)) {
				t.Fatalf("%s\nfacts %v\nEvalBatch with every lane alike: %#x %#x %v (%s)", e, f, tr, fa, err, d)
			}
		}
	}
}

// TestProgramNoAllocs checks that Program.Eval does not allocate when it
// returns no error, on random conditions.
func TestProgramNoAllocs(t *testing.T) {
	s := progSchema(t)
	g := &progGen{r: rand.New(rand.NewPCG(3, 4))}
	v := NewValues(s)
	checked := 0
	for checked < 200 {
		e := g.expr(t)
		p, err := Compile(e, s)
		if err != nil {
			t.Fatal(err)
		}
		f := g.facts(e, false)
		_ = v.FromFacts(f)
		if _, err := p.Eval(v); err != nil {
			continue
		}
		checked++
		if n := testing.AllocsPerRun(20, func() { _, _ = p.Eval(v) }); n != 0 {
			t.Fatalf("%s: Program.Eval allocates %v times, want 0", e, n)
		}
	}
}

// TestProgramDeep checks a program with more registers than fit on the
// stack of Eval.
func TestProgramDeep(t *testing.T) {
	s := progSchema(t)
	src := "a"
	for i := range 40 {
		// Nesting in the last operand needs a register per level.
		src = fmt.Sprintf("(b == (x + %d > y) %s %s)", i, []string{"and", "or"}[i%2], src)
	}
	p := progCompile(t, src, s)
	if p.nb <= initBools {
		t.Fatalf("the program uses %d boolean registers, want more than %d", p.nb, initBools)
	}
	g := &progGen{r: rand.New(rand.NewPCG(5, 6))}
	for range 100 {
		f := g.facts(p.Expr(), false)
		want, wantErr := Eval(p.Expr(), f)
		got, err := p.EvalFacts(f)
		if d := progLazySame(p, f, want, wantErr, got, err); d != "" {
			t.Fatal(d)
		}
	}
}

// TestProgramConcurrent shares one Program between goroutines, each with
// its own Values; run it with -race.
func TestProgramConcurrent(t *testing.T) {
	s := progSchema(t)
	p := progCompile(t, "atleast(2, a, b or c, x / y > 1, s < t) and not (day > since)", s)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			g := &progGen{r: rand.New(rand.NewPCG(uint64(w), 7))}
			v := NewValues(s)
			b := NewBatch(s)
			for range 200 {
				f := g.facts(p.Expr(), true)
				want, wantErr := Eval(p.Expr(), f)
				_ = v.FromFacts(f)
				got, err := p.Eval(v)
				if d := progSame(want, wantErr, got, err); d != "" {
					t.Errorf("worker %d: %s", w, d)
					return
				}
				if got, err := p.EvalFacts(f); progLazySame(p, f, want, wantErr, got, err) != "" {
					t.Errorf("worker %d: EvalFacts: %s", w, progLazySame(p, f, want, wantErr, got, err))
					return
				}
				_ = b.FromFacts(f)
				if _, _, err := p.EvalBatch(b); (err == nil) != (wantErr == nil) {
					t.Errorf("worker %d: EvalBatch error %v, Eval error %v", w, err, wantErr)
					return
				}
			}
		})
	}
	wg.Wait()
}
