package treaty

import "io/fs"

// LoadFS reads a model and its scenarios from fsys (an [embed.FS], an
// [os.DirFS], a [testing/fstest.MapFS]) by their names in it, decodes them
// with [DecodeModel] and [DecodeScenario], and checks each scenario
// against the model with [ValidateScenario]. The scenarios come back in
// the order named.
//
// It stops at the first file that fails. An error reading a file is
// returned as the fs package gives it (it names the file, and
// errors.Is(err, fs.ErrNotExist) works); any other error is an
// [ErrorList] whose errors carry the file name, the JSON path and the
// line:column of each problem. Files larger than [DefaultMaxInputSize]
// are refused with an error of code [CodeLimit].
//
// [embed.FS]: https://pkg.go.dev/embed#FS
func LoadFS(fsys fs.FS, model string, scenarios ...string) (*Model, []*Scenario, error) {
	data, err := fs.ReadFile(fsys, model)
	if err != nil {
		return nil, nil, err
	}
	m, err := DecodeModel(data, model)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*Scenario, 0, len(scenarios))
	for _, name := range scenarios {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		s, err := DecodeScenario(data, name)
		if err != nil {
			return nil, nil, err
		}
		if err := ValidateScenario(m, s); err != nil {
			return nil, nil, err
		}
		out = append(out, s)
	}
	return m, out, nil
}
