package platform

import (
	"fmt"
	"strings"
)

// withReadme adds README.md, the steps to apply an export, to files: what
// `pinlab config --out DIR` writes beside the config.
func withReadme(title string, steps []string, files []File, lints []Lint) ([]File, []Lint) {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", title)
	for i, s := range steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	b.WriteString("\nFiles:\n\n")
	for _, f := range files {
		fmt.Fprintf(&b, "- `%s`", f.Name)
		if f.Primary {
			b.WriteString(" (the configuration)")
		}
		b.WriteString("\n")
	}
	if len(lints) > 0 {
		b.WriteString("\nNotes:\n\n")
		for _, l := range lints {
			fmt.Fprintf(&b, "- %s: %s\n", l.Severity, l.Message)
		}
	}
	b.WriteString("\nKeep the private key of every backup pin offline, and test the pins against the real server before release.\n")
	return append(files, File{Name: "README.md", Content: []byte(b.String())}), lints
}
