package description

import "strconv"

// Keys in error paths come from the document, so they are printed raw
// only when they are plain words; any other key is quoted with Go
// escapes (["a\nb"]), so that a key cannot put control sequences or line
// breaks on a terminal, nor pass for another path.

// plainKey reports whether k can appear bare in a path.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '/' || c == '@' || c == ':' || c == '+') {
			return false
		}
	}
	return true
}

// keyIndex renders a map key as a path index: [mysql/0], or ["a b"].
func keyIndex(k string) string {
	if plainKey(k) {
		return "[" + k + "]"
	}
	return "[" + strconv.Quote(k) + "]"
}
