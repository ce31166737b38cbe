// Command jujufmt is the juju side of bench/fmt.sh: it does what `ferry
// fmt` does, with juju/description v5.0.4: read a model description from
// a file with Deserialize and write it to stdout with Serialize.
package main

import (
	"fmt"
	"os"

	jujudesc "github.com/juju/description/v5"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: jujufmt FILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err == nil {
		var m jujudesc.Model
		if m, err = jujudesc.Deserialize(data); err == nil {
			if data, err = jujudesc.Serialize(m); err == nil {
				_, err = os.Stdout.Write(data)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "jujufmt:", err)
		os.Exit(1)
	}
}
