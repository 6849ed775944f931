package config

import (
	"fmt"
	"io"
	"reflect"
	"text/tabwriter"
)

// Usage writes one line per environment variable: name, default and help.
func Usage(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIABLE\tDEFAULT\tMEANING")
	walk(reflect.ValueOf(&Config{}).Elem(), func(f field) {
		def := f.def
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.env, def, f.sf.Tag.Get("usage"))
	})
	_ = tw.Flush()
}
