package main

import (
	"fmt"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Names and messages printed in tables come from descriptions and
// databases, which anyone may have written: a model named with an escape
// sequence or a line break must not clear the terminal or forge a row.

// safe returns s as is when every character is printable, and quoted with
// Go escapes ("a\x1b[2J") otherwise. Tabs and line breaks count as
// unprintable: they would split a table's cells and rows; so do bytes
// that are not UTF-8, which a terminal may take for control codes.
func safe(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) && r != ' ' || r == utf8.RuneError {
			return strconv.Quote(s)
		}
	}
	return s
}

// printRow is fmt.Fprintf with every string argument passed through safe.
func printRow(w io.Writer, format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = safe(s)
		}
	}
	fmt.Fprintf(w, format, args...)
}
