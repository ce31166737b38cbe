package description

// targetV504 is the juju/description v5.0.4 generation, which most of the
// older tests compare with.
var targetV504 = mustTarget("v5.0.4")

func mustTarget(s string) Target {
	t, err := ParseTarget(s)
	if err != nil {
		panic(err)
	}
	return t
}

// writeV5 writes m as juju/description v5.0.4 does; a loss is an error.
func writeV5(m *Model) ([]byte, error) {
	return WriteWithOptions(m, WriteOptions{Target: targetV504})
}
