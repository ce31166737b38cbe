package description_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/modelferry/ferry/description"
)

// A tree built in code, written in the current format and read back.
func Example() {
	updated := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tools := &description.AgentTools{Version: "3.5.1-ubuntu-amd64", URL: "https://example/tools", SHA256: "abc", Size: 1}
	m := &description.Model{
		Type:   "iaas",
		Owner:  "admin",
		Config: map[string]any{"name": "prod", "uuid": "0c2b2f3a-8a46-4b5e-9f0c-6a1f2b3c4d5e"},
		Cloud:  "lxd",
		Status: &description.Status{Value: "available", Updated: updated},
		Machines: []*description.Machine{{
			ID: "0", Base: "ubuntu@22.04", Jobs: []string{"host-units"}, Tools: tools,
			Status:   &description.Status{Value: "started", Updated: updated},
			Instance: &description.CloudInstance{InstanceID: "i-0", Status: &description.Status{Value: "running", Updated: updated}},
		}},
	}
	data, err := description.Write(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	back, err := description.Read("prod.yaml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Name(), back.Machines[0].ID, back.Machines[0].Base)
	// Output: prod 0 ubuntu@22.04
}

// Reading reports every problem with its file, line, column and path.
func ExampleRead_errors() {
	doc := []byte("version: 10\nowner: [admin]\n")
	_, err := description.Read("model.yaml", doc)
	var list description.ErrorList
	if errors.As(err, &list) {
		fmt.Println(list[0])
		fmt.Println(errors.Is(err, description.ErrType), errors.Is(err, description.ErrMissingField))
	}
	// Output:
	// model.yaml:2:8: owner: expected a string, got a list
	// true true
}

// Validate checks a tree built in code; each problem carries its path.
func ExampleModel_Validate() {
	m := &description.Model{Owner: "admin"}
	err := m.Validate()
	fmt.Println(err)
	// Output: status: model status is missing
}
