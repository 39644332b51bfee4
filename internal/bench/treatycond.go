package bench

import (
	"fmt"
	"strings"

	"github.com/treatycond/treatycond/conditions"
)

// Parse parses c.Source.
func (c *Case) Parse() (conditions.Expr, error) {
	e, err := conditions.Parse(c.Source)
	if err != nil {
		return conditions.Expr{}, fmt.Errorf("bench: treatycond %s: %w", c.Name, err)
	}
	return e, nil
}

// Schema returns the treatycond schema of c's facts, in c.Facts order.
func (c *Case) Schema() (*conditions.Schema, error) {
	fs := make([]conditions.Field, len(c.Facts))
	for i, f := range c.Facts {
		t := conditions.Bool
		switch f.Kind {
		case KindInt, KindFloat:
			t = conditions.Number
		case KindDate:
			t = conditions.Date
		}
		fs[i] = conditions.Field{Name: f.Name, Type: t}
	}
	return conditions.NewSchema(fs...)
}

// TreatyFacts returns the treatycond facts of s for c, leaving out the facts
// named in unknown. The keys are fresh copies of the names, as in a map
// decoded from JSON: a key that shared its bytes with the name an engine
// looks up would let Go's map compare the two by pointer alone.
func (c *Case) TreatyFacts(s *Scenario, unknown ...string) conditions.Facts {
	fs := make(conditions.Facts, len(c.Facts))
	for _, f := range c.Facts {
		fs[strings.Clone(f.Name)] = s.Value(f.Name)
	}
	for _, name := range unknown {
		delete(fs, name)
	}
	return fs
}
