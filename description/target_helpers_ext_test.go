package description_test

import "github.com/modelferry/ferry/description"

// writeV5 writes m as juju/description v5.0.4 does; a loss is an error.
func writeV5(m *description.Model) ([]byte, error) {
	t, err := description.ParseTarget("v5.0.4")
	if err != nil {
		return nil, err
	}
	return description.WriteWithOptions(m, description.WriteOptions{Target: t})
}
