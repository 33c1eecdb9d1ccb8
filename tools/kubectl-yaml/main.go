package main

import (
	"encoding/json"
	"fmt"
	"os"

	"sigs.k8s.io/yaml"
)

type result struct {
	YAML  string           `json:"yaml"`
	JSON  *json.RawMessage `json:"json,omitempty"`
	Error string           `json:"error,omitempty"`
}

func main() {
	var inputs []string
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		panic(err)
	}
	out := []result{}
	for _, in := range inputs {
		var raw json.RawMessage
		err := yaml.Unmarshal([]byte(in), &raw)
		r := result{YAML: in}
		if err != nil {
			r.Error = err.Error()
		} else {
			r.JSON = &raw
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
