package yamlemit

// SortedKeys returns the keys of m in the order yaml.v2 writes a map's
// string keys, for callers that write maps of structured values themselves.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortKeys(keys)
	return keys
}
