package treaty

import (
	"encoding"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/jsonpos"
)

// DefaultMaxInputSize is the largest model or scenario, in bytes, that
// [LoadModel], [LoadScenario], [DecodeModel] and [DecodeScenario] read
// unless [MaxInputSize] says otherwise: 64 MiB, far more than any real
// agreement needs, and little enough that a wrong file (a disk image,
// /dev/zero) is refused after reading at most that much.
const DefaultMaxInputSize = 64 << 20

// LoadOption configures [LoadModel], [LoadScenario], [DecodeModel] and
// [DecodeScenario]. [MaxInputSize] returns one.
type LoadOption interface{ applyLoad(*loadConfig) }

type loadConfig struct {
	maxInput int64
}

type loadOption func(*loadConfig)

func (f loadOption) applyLoad(c *loadConfig) { f(c) }

// MaxInputSize sets the largest input, in bytes, that the loaders read;
// the default is [DefaultMaxInputSize]. A larger input is an [ErrorList]
// with one error of code [CodeLimit], naming the file but no line; a file
// is read no further than the limit. n <= 0 means no limit.
func MaxInputSize(n int64) LoadOption {
	return loadOption(func(c *loadConfig) { c.maxInput = n })
}

func loadConfigOf(opts []LoadOption) loadConfig {
	c := loadConfig{maxInput: DefaultMaxInputSize}
	for _, o := range opts {
		if o != nil {
			o.applyLoad(&c)
		}
	}
	return c
}

// tooLarge is the error for an input larger than limit bytes.
func tooLarge(file string, limit int64) error {
	return ErrorList{{File: file, Code: CodeLimit,
		Msg:  "input larger than the limit of " + sizeText(limit),
		Hint: "raise it with treaty.MaxInputSize, or --max-input on the command line"}}
}

// sizeText writes a number of bytes as "64 MiB", "1.5 KiB" or "100 bytes".
func sizeText(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	f, u := float64(n), 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	switch {
	case u == 0:
		return strconv.FormatInt(n, 10) + " bytes"
	case f == float64(int64(f)):
		return strconv.FormatInt(int64(f), 10) + " " + units[u]
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + " " + units[u]
}

// readInput reads the file at path, no further than the limit. An error
// reading the file is returned as the os package gives it.
func readInput(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if limit <= 0 {
		return io.ReadAll(f)
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
		return nil, tooLarge(path, limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(path, limit)
	}
	return data, nil
}

// LoadModel reads the model file at path and decodes it with
// [DecodeModel], using path as the file name in errors. An error reading
// the file is returned as the os package gives it, so errors.Is(err,
// fs.ErrNotExist) works; any other error is an [ErrorList]. A file larger
// than [DefaultMaxInputSize] (or the [MaxInputSize] given) is read no
// further and is an error of code [CodeLimit].
func LoadModel(path string, opts ...LoadOption) (*Model, error) {
	c := loadConfigOf(opts)
	data, err := readInput(path, c.maxInput)
	if err != nil {
		return nil, err
	}
	return DecodeModel(data, path, opts...)
}

// DecodeModel decodes a model from its JSON text and validates it with
// [Model.Validate]. filename is used in errors only. Text longer than
// [DefaultMaxInputSize] (or the [MaxInputSize] given) is an error of code
// [CodeLimit], found before anything is parsed.
//
// Decoding is strict: an unknown field, a duplicate field, a value of the
// wrong JSON type, a malformed date or period, or a condition that does not
// parse is an error. All such problems are reported at once, together with
// the semantic problems that [Model.Validate] finds in what could be
// decoded (leaving out those that only repeat a decoding problem, such as
// a missing date where the date is malformed). The model is not returned: on error the result is nil and the error is
// an [ErrorList] whose errors carry filename, the JSON path and the line and
// column of each problem. DecodeModel does not modify or keep data.
//
// The returned model records where it was decoded from in its
// Provenance, so that a later [Model.Validate] reports file positions too,
// as long as the model is unchanged (see [Provenance]).
func DecodeModel(data []byte, filename string, opts ...LoadOption) (*Model, error) {
	if c := loadConfigOf(opts); c.maxInput > 0 && int64(len(data)) > c.maxInput {
		return nil, tooLarge(filename, c.maxInput)
	}
	src, errs := parseSource(data, filename)
	if errs != nil {
		return nil, errs.finish()
	}
	if e := schemaTagError(src, ModelSchema); e != nil {
		return nil, ErrorList{e}.finish()
	}
	m := new(Model)
	d := &jsonDecoder{src: src}
	d.decode(src.root, "", reflect.ValueOf(m).Elem())
	if src.root.Kind != jsonpos.Object {
		return nil, d.errs.finish()
	}
	// The semantic problems are found even when decoding failed somewhere
	// (a bad date must not hide an unknown fact), except those under the
	// paths that failed to decode, which would only repeat them.
	errs = checkModel(m)
	m.Provenance = newProvenance(m, src, nil)
	m.Provenance.locate(m, errs)
	if len(d.errs) > 0 {
		errs = mergeDecoding(d.errs, d.cascades, errs)
	}
	if len(errs) > 0 {
		return nil, errs.finish()
	}
	return m, nil
}

// Encode returns m as indented JSON text in the format [DecodeModel]
// reads, with conditions in their canonical text (see
// [conditions.Expr.String]). It does not validate m.
func (m *Model) Encode() ([]byte, error) {
	return encodeIndented(m)
}

// SaveModel writes m to the file at path, as [Model.Encode] does.
func SaveModel(path string, m *Model) error {
	data, err := m.Encode()
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o666)
}

// LoadScenario reads the scenario file at path and decodes it with
// [DecodeScenario], using path as the file name in errors. An error reading
// the file is returned as the os package gives it; any other error is an
// [ErrorList]. The size limit is [LoadModel]'s.
func LoadScenario(path string, opts ...LoadOption) (*Scenario, error) {
	c := loadConfigOf(opts)
	data, err := readInput(path, c.maxInput)
	if err != nil {
		return nil, err
	}
	return DecodeScenario(data, path, opts...)
}

// DecodeScenario decodes a scenario from its JSON text. filename is used
// in errors only.
//
// Decoding is as strict as [DecodeModel]'s. Without a model at hand,
// DecodeScenario checks what it can: the structure, the as-of date, the
// order of fact histories and the form of the expectations. Fact values
// stay as JSON gives them (bool, float64, string, or nil for null; dates
// are "YYYY-MM-DD" strings): check them against a model, and everything
// else that needs one, with [ValidateScenario], which reports file
// positions for a scenario decoded here. On error the error is an
// [ErrorList]. DecodeScenario does not modify or keep data.
//
// On error the result is nil when the text is not JSON, not an object or
// not a scenario (its "schema" tag names another format). Otherwise the
// scenario is returned along with the error, decoded as far as it could
// be (what could not be decoded is left zero), so that all its problems
// can be had at once:
//
//	s, err := treaty.DecodeScenario(data, name)
//	if s != nil {
//		err = treaty.ValidateScenario(m, s) // err's problems, and those that need m
//	}
//
// Such a partial scenario is for [ValidateScenario] only: it is not valid,
// and ValidateScenario reports it so.
func DecodeScenario(data []byte, filename string, opts ...LoadOption) (*Scenario, error) {
	if c := loadConfigOf(opts); c.maxInput > 0 && int64(len(data)) > c.maxInput {
		return nil, tooLarge(filename, c.maxInput)
	}
	src, errs := parseSource(data, filename)
	if errs != nil {
		return nil, errs.finish()
	}
	if e := schemaTagError(src, ScenarioSchema); e != nil {
		return nil, ErrorList{e}.finish()
	}
	s := new(Scenario)
	d := &jsonDecoder{src: src}
	d.decode(src.root, "", reflect.ValueOf(s).Elem())
	if src.root.Kind != jsonpos.Object {
		return nil, d.errs.finish()
	}
	var dec *decoding
	if len(d.errs) > 0 {
		dec = &decoding{errs: d.errs, cascades: d.cascades}
	}
	s.Provenance = newProvenance(s, src, dec)
	if err := scenarioErrors(nil, s, s.Provenance).finish(); err != nil {
		return s, err
	}
	return s, nil
}

// decoding is what went wrong in decoding a scenario that was returned
// partially decoded: the errors, and the paths under which the checks of
// the decoded scenario would only find their consequences.
type decoding struct {
	errs     ErrorList
	cascades []string
}

// scenarioErrors returns every problem with s, checked against m when m is
// not nil, located in the file of prov where s is unchanged since it was
// decoded (see [Provenance]). For a scenario returned partially decoded by
// DecodeScenario and not changed since, the decoding errors come first,
// and the problems found under the paths that failed to decode are
// dropped: they are consequences, such as a missing "as_of" next to an
// unknown field "asof".
func scenarioErrors(m *Model, s *Scenario, prov *Provenance) ErrorList {
	var src *source
	if prov != nil {
		src = prov.src
	}
	errs := checkScenario(m, s, src)
	prov.locate(s, errs)
	if prov == nil || prov.dec == nil || !prov.unchanged(s, "") {
		// Once a partially decoded scenario is changed in Go, its decoding
		// problems may be fixed: only what it says now counts.
		return errs
	}
	return mergeDecoding(prov.dec.errs, prov.dec.cascades, errs)
}

// mergeDecoding returns the decoding errors decErrs (copied) followed by
// the errors of errs that do not lie under the paths of cascades, without
// repetitions.
func mergeDecoding(decErrs ErrorList, cascades []string, errs ErrorList) ErrorList {
	out := make(ErrorList, 0, len(decErrs)+len(errs))
	for _, e := range decErrs {
		c := *e // callers may modify the errors they get
		out = append(out, &c)
	}
	set := pathSet(cascades)
	for _, e := range errs {
		if !underAny(e.Path, set) {
			out = append(out, e)
		}
	}
	return out.dedup()
}

// underAny reports whether the JSON Pointer path is one of paths or lies
// under one of them. It takes time in the depth of path, not in the number
// of paths.
func underAny(path string, paths map[string]bool) bool {
	if len(paths) == 0 {
		return false
	}
	for {
		if paths[path] {
			return true
		}
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			return false
		}
		path = path[:i]
	}
}

// pathSet returns paths as a set.
func pathSet(paths []string) map[string]bool {
	set := make(map[string]bool, len(paths))
	for _, p := range paths {
		set[p] = true
	}
	return set
}

// Encode returns s as indented JSON text in the format [DecodeScenario]
// reads. Facts without history are written in the short form (the plain
// value); see [Fact.MarshalJSON].
func (s *Scenario) Encode() ([]byte, error) {
	return encodeIndented(s)
}

// SaveScenario writes s to the file at path, as [Scenario.Encode] does.
func SaveScenario(path string, s *Scenario) error {
	data, err := s.Encode()
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o666)
}

func encodeIndented(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// schemaTagError returns an error if the document's "schema" member is a
// string other than want: a file of another kind, whose other errors would
// only be noise.
func schemaTagError(src *source, want string) *Error {
	v := src.root.Get("schema")
	if v == nil || v.Kind != jsonpos.String || v.Text == want {
		return nil
	}
	msg := fmt.Sprintf("unsupported schema %q: want %q", v.Text, want)
	switch {
	case want == ModelSchema && strings.HasPrefix(v.Text, "treatycond.scenario/"):
		msg = fmt.Sprintf("schema %q: this is a scenario, not a model (want %q)", v.Text, want)
	case want == ScenarioSchema && strings.HasPrefix(v.Text, "treatycond.model/"):
		msg = fmt.Sprintf("schema %q: this is a model, not a scenario (want %q)", v.Text, want)
	}
	e := &Error{Path: "/schema", Code: CodeSchema, Msg: msg}
	src.at(e, v.Offset)
	return e
}

// MarshalJSON encodes f in the short form, the plain value, when it has no
// history, and as {"value": ..., "history": [{"from": ..., "value": ...}]}
// otherwise (without "value" when it is nil). Date and [time.Time] values
// are written as "YYYY-MM-DD".
func (f Fact) MarshalJSON() ([]byte, error) {
	if len(f.History) == 0 && f.Source == nil && f.Note == "" && !isMapValue(f.Value) {
		return json.Marshal(plainFactValue(f.Value))
	}
	type change struct {
		From   Date    `json:"from"`
		Value  any     `json:"value"`
		Source *Source `json:"source,omitempty"`
		Note   string  `json:"note,omitempty"`
	}
	out := struct {
		Value   any      `json:"value,omitempty"`
		History []change `json:"history,omitempty"`
		Source  *Source  `json:"source,omitempty"`
		Note    string   `json:"note,omitempty"`
	}{Value: plainFactValue(f.Value), History: make([]change, len(f.History)), Source: f.Source, Note: f.Note}
	for i, c := range f.History {
		out.History[i] = change{c.From, plainFactValue(c.Value), c.Source, c.Note}
	}
	return json.Marshal(out)
}

// UnmarshalJSON decodes either form written by [Fact.MarshalJSON]: a plain
// boolean, number, string or null, or an object with "value" and/or
// "history". Numbers become float64. On error f is unchanged and the error
// is an [ErrorList].
func (f *Fact) UnmarshalJSON(data []byte) error {
	src, errs := parseSource(data, "")
	if errs != nil {
		return errs.finish()
	}
	var x Fact
	d := &jsonDecoder{src: src}
	d.decode(src.root, "", reflect.ValueOf(&x).Elem())
	if err := d.errs.finish(); err != nil {
		return err
	}
	*f = x
	return nil
}

// plainFactValue returns v with dates as "YYYY-MM-DD" strings.
func plainFactValue(v any) any {
	switch x := v.(type) {
	case Date:
		if x.IsZero() {
			return nil
		}
		return x.String()
	case time.Time:
		return DateOf(x).String()
	}
	return v
}

// jsonDecoder decodes a parsed JSON document into Go values, strictly,
// collecting every problem with its JSON path and file position.
type jsonDecoder struct {
	src  *source
	errs ErrorList
	// cascades are the paths of the values that failed to decode, and of
	// the fields that an unknown field was probably meant to be: the
	// checks of the decoded value would only repeat these problems there.
	cascades []string
}

var (
	rtExpr            = reflect.TypeFor[conditions.Expr]()
	rtFact            = reflect.TypeFor[Fact]()
	rtWhen            = reflect.TypeFor[When]()
	rtTextUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func (d *jsonDecoder) fail(code Code, path string, off int, hint, format string, args ...any) {
	e := &Error{Path: path, Code: code, Msg: fmt.Sprintf(format, args...), Hint: hint}
	d.src.at(e, off)
	d.errs.Add(e)
	d.cascades = append(d.cascades, path)
}

// want reports whether v has kind k, and adds an error if not.
func (d *jsonDecoder) want(v *jsonpos.Value, path string, k jsonpos.Kind) bool {
	if v.Kind == k {
		return true
	}
	d.fail(CodeSchema, path, v.Offset, "", "want %s, got %s", k, v.Kind)
	return false
}

// decode decodes v into rv, which must be settable.
func (d *jsonDecoder) decode(v *jsonpos.Value, path string, rv reflect.Value) {
	t := rv.Type()
	switch {
	case t == rtExpr:
		d.condition(v, path, rv)
		return
	case t == rtFact:
		d.fact(v, path, rv)
		return
	case reflect.PointerTo(t).Implements(rtTextUnmarshaler):
		if !d.want(v, path, jsonpos.String) {
			return
		}
		p := reflect.New(t)
		if err := p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(v.Text)); err != nil {
			d.fail(CodeSchema, path, v.Offset, "", "%s", strings.TrimPrefix(err.Error(), "conditions: "))
			return
		}
		rv.Set(p.Elem())
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		d.object(v, path, rv)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		d.decode(v, path, p.Elem())
		rv.Set(p)
	case reflect.Slice:
		if !d.want(v, path, jsonpos.Array) {
			return
		}
		s := reflect.MakeSlice(t, len(v.Elems), len(v.Elems))
		for i, e := range v.Elems {
			d.decode(e, jsonpos.AppendIndex(path, i), s.Index(i))
		}
		rv.Set(s)
	case reflect.Map:
		if !d.want(v, path, jsonpos.Object) || t.Key().Kind() != reflect.String {
			return
		}
		m := reflect.MakeMapWithSize(t, len(v.Members))
		seen := make(map[string]int, len(v.Members))
		for _, mem := range v.Members {
			p := jsonpos.Append(path, mem.Key)
			if d.duplicate(seen, mem, p) {
				continue
			}
			e := reflect.New(t.Elem()).Elem()
			d.decode(mem.Value, p, e)
			m.SetMapIndex(reflect.ValueOf(mem.Key).Convert(t.Key()), e)
		}
		rv.Set(m)
	case reflect.String:
		if d.want(v, path, jsonpos.String) {
			rv.SetString(v.Text)
		}
	case reflect.Bool:
		if d.want(v, path, jsonpos.Bool) {
			rv.SetBool(v.Bool)
		}
	case reflect.Float32, reflect.Float64:
		if !d.want(v, path, jsonpos.Number) {
			return
		}
		f, err := strconv.ParseFloat(v.Text, t.Bits())
		if err != nil {
			d.fail(CodeSchema, path, v.Offset, "", "number %s is out of range", v.Text)
			return
		}
		rv.SetFloat(f)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !d.want(v, path, jsonpos.Number) {
			return
		}
		n, err := strconv.ParseInt(v.Text, 10, t.Bits())
		if err != nil {
			d.fail(CodeSchema, path, v.Offset, "", "want an integer, got %s", v.Text)
			return
		}
		rv.SetInt(n)
	case reflect.Interface:
		if v.Kind == jsonpos.Array || v.Kind == jsonpos.Object {
			// A set or an indexed fact: checked against the fact's
			// declaration (see quant.go).
			if x, ok := d.collection(v, path); ok {
				rv.Set(reflect.ValueOf(x))
			}
			return
		}
		x, ok := d.scalar(v, path)
		if ok && x != nil {
			rv.Set(reflect.ValueOf(x))
		}
	default:
		d.fail(CodeSchema, path, v.Offset, "", "cannot decode into Go type %s", t)
	}
}

// scalar converts a boolean, number, string or null.
func (d *jsonDecoder) scalar(v *jsonpos.Value, path string) (any, bool) {
	switch v.Kind {
	case jsonpos.Null, jsonpos.Bool, jsonpos.String:
		x, _ := v.Interface()
		return x, true
	case jsonpos.Number:
		x, err := v.Interface()
		if err != nil {
			d.fail(CodeSchema, path, v.Offset, "", "%v", err)
			return nil, false
		}
		return x, true
	}
	d.fail(CodeSchema, path, v.Offset, "", "want a boolean, number, string or null, got %s", v.Kind)
	return nil, false
}

// duplicate reports whether mem's key was seen before in its object, and
// adds an error if so.
func (d *jsonDecoder) duplicate(seen map[string]int, mem jsonpos.Member, path string) bool {
	if first, dup := seen[mem.Key]; dup {
		line, _ := d.src.lines.Position(first)
		d.fail(CodeSchema, path, mem.KeyOffset, "", "duplicate field %q (first on line %d)", mem.Key, line)
		return true
	}
	seen[mem.Key] = mem.KeyOffset
	return false
}

// object decodes a JSON object into the struct rv by the fields' json tags.
func (d *jsonDecoder) object(v *jsonpos.Value, path string, rv reflect.Value) {
	if !d.want(v, path, jsonpos.Object) {
		return
	}
	fields := jsonFields(rv.Type())
	if rv.Type() == rtWhen {
		// A When whose member failed to decode would be reported empty.
		defer func(n int) {
			if len(d.errs) > n {
				d.cascades = append(d.cascades, path)
			}
		}(len(d.errs))
	}
	seen := make(map[string]int, len(v.Members))
	for _, mem := range v.Members {
		p := jsonpos.Append(path, mem.Key)
		if d.duplicate(seen, mem, p) {
			continue
		}
		if mem.Key == "$schema" && path == "" {
			// The JSON Schema of the file, for editors (see JSONSchema);
			// not part of the model or scenario.
			d.want(mem.Value, p, jsonpos.String)
			continue
		}
		f, ok := fields.index[mem.Key]
		if !ok {
			d.fail(CodeSchema, p, mem.KeyOffset, suggestion(mem.Key, fields.names),
				"unknown field %q", mem.Key)
			if meant := closest(mem.Key, fields.names); meant != "" && v.Get(meant) == nil {
				// "asof" for "as_of": a missing "as_of" is the same mistake.
				d.cascades = append(d.cascades, jsonpos.Append(path, meant))
			}
			continue
		}
		fv := rv.FieldByIndex(f)
		if fields.omitEmpty[mem.Key] && len(mem.Value.Elems) == 0 && len(mem.Value.Members) == 0 &&
			(mem.Value.Kind == jsonpos.Array && fv.Kind() == reflect.Slice ||
				mem.Value.Kind == jsonpos.Object && fv.Kind() == reflect.Map) {
			// An empty list or map in an omitempty field is the same as
			// none, as Encode writes it; omitzero fields keep the
			// difference.
			continue
		}
		d.decode(mem.Value, p, fv)
	}
}

// fact decodes a scenario fact: a plain value or {"value", "history"}.
func (d *jsonDecoder) fact(v *jsonpos.Value, path string, rv reflect.Value) {
	switch v.Kind {
	case jsonpos.Object:
		d.object(v, path, rv)
	case jsonpos.Array: // a set fact's members
		d.decode(v, path, rv.FieldByName("Value"))
	default:
		d.decode(v, path, rv.FieldByName("Value"))
	}
}

// condition parses a condition string, reporting every condition error at
// its place inside the string.
func (d *jsonDecoder) condition(v *jsonpos.Value, path string, rv reflect.Value) {
	if !d.want(v, path, jsonpos.String) {
		return
	}
	e, err := conditions.Parse(v.Text)
	if err != nil {
		// An error without a position (the note that more errors were
		// left out) goes where the one before it is, so that it stays
		// after it once the list is sorted.
		last := v.Offset
		for _, x := range conditionErrors(path, err) {
			off := last
			if ce, ok := x.Err.(*conditions.Error); ok && ce.Pos.IsValid() {
				off = jsonpos.StringOffset(d.src.data, v, ce.Pos.Offset)
				last = off
			}
			d.src.at(x, off)
			x.Msg = d.src.fileCoordinates(x.Msg, v)
			d.errs.Add(x)
		}
		d.cascades = append(d.cascades, path)
		return
	}
	rv.Set(reflect.ValueOf(e))
}

// innerPos matches a position inside a condition in the message of a
// condition error, such as the "1:81" of "expected ')' to close '(' at
// 1:81".
var innerPos = regexp.MustCompile(`\bat (\d+):(\d+)\b`)

// fileCoordinates rewrites the positions inside the condition string v
// that msg mentions as "at LINE:COL" into positions in the file, "at line
// L, column C", so that they do not read as file positions when they are
// not.
func (src *source) fileCoordinates(msg string, v *jsonpos.Value) string {
	return innerPos.ReplaceAllStringFunc(msg, func(m string) string {
		sub := innerPos.FindStringSubmatch(m)
		line, err1 := strconv.Atoi(sub[1])
		col, err2 := strconv.Atoi(sub[2])
		off, ok := stringOffset(v.Text, line, col)
		if err1 != nil || err2 != nil || !ok {
			return m
		}
		l, c := src.lines.Position(jsonpos.StringOffset(src.data, v, off))
		return fmt.Sprintf("at line %d, column %d", l, c)
	})
}

// conditionPositions rewrites, for every condition error in errs that
// points into a condition string of src, the positions its message
// mentions inside the condition into file positions (see
// fileCoordinates).
func (src *source) conditionPositions(errs ErrorList) {
	for _, e := range errs {
		if e.Code != CodeCondition || e.Line == 0 || !strings.Contains(e.Msg, " at ") {
			continue
		}
		if v, exact := src.root.Lookup(e.Path); exact && v.Kind == jsonpos.String {
			e.Msg = src.fileCoordinates(e.Msg, v)
		}
	}
}

// stringOffset returns the byte offset in s of the 1-based line and
// column (counted in runes), as package conditions counts them.
func stringOffset(s string, line, col int) (int, bool) {
	if line < 1 || col < 1 {
		return 0, false
	}
	l, c := 1, 1
	for i, r := range s {
		if l == line && c == col {
			return i, true
		}
		if r == '\n' {
			l, c = l+1, 1
		} else {
			c++
		}
	}
	if l == line && c == col {
		return len(s), true
	}
	return 0, false
}

// conditionErrors converts an error from package conditions into errors at
// path, one per condition error.
func conditionErrors(path string, err error) ErrorList {
	var list conditions.ErrorList
	switch x := err.(type) {
	case conditions.ErrorList:
		list = x
	case *conditions.Error:
		list = conditions.ErrorList{x}
	default:
		return ErrorList{{Path: path, Code: CodeCondition, Msg: err.Error(), Err: err}}
	}
	out := make(ErrorList, 0, len(list))
	for _, ce := range list {
		msg := ce.Msg
		if msg == "" {
			msg = ce.Error()
		}
		out = append(out, &Error{Path: path, Code: CodeCondition, Msg: msg, Hint: ce.Hint, Err: ce})
	}
	return out
}

// fieldSet is the JSON fields of a struct type.
type fieldSet struct {
	index     map[string][]int // JSON name -> field index path (for reflect.Value.FieldByIndex)
	names     []string         // JSON names, in field order
	omitEmpty map[string]bool  // fields tagged omitempty
}

var fieldSets sync.Map // reflect.Type -> *fieldSet

func jsonFields(t reflect.Type) *fieldSet {
	if fs, ok := fieldSets.Load(t); ok {
		return fs.(*fieldSet)
	}
	fs := &fieldSet{index: map[string][]int{}, omitEmpty: map[string]bool{}}
	fs.add(t, nil)
	fieldSets.Store(t, fs)
	return fs
}

// add adds the JSON fields of the struct type t, whose index path in the
// outer struct is at; the fields of an untagged embedded struct stand
// inline, as encoding/json has them.
func (fs *fieldSet) add(t reflect.Type, at []int) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		idx := append(slices.Clone(at), i)
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			fs.add(f.Type, idx)
			continue
		}
		if name == "" {
			name = f.Name
		}
		for opt := range strings.SplitSeq(opts, ",") {
			if opt == "omitempty" {
				fs.omitEmpty[name] = true
			}
		}
		fs.index[name] = idx
		fs.names = append(fs.names, name)
	}
}
