package pinlib

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
)

// The three ways a bundle's pins leave pinlab: the JSON object of
// `pinlab pins --json`, the table `pinlab pins` prints, and a CSV for
// spreadsheets. The CLI and the page's downloads call these same
// functions, so a file saved from the page equals the command's output
// byte for byte.

// ReportJSON is Report as `pinlab pins --json` prints it: indented by two
// spaces, with a final newline. Names keep their exact characters:
// programs need the names as the certificate holds them (the encoding
// escapes C0 controls anyway).
func (b *Bundle) ReportJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b.Report()); err != nil {
		return nil, fmt.Errorf("pinlib: writing the report: %w", err)
	}
	return buf.Bytes(), nil
}

// PinTable is the table `pinlab pins` prints: one line per certificate and
// key, what a person needs to pick a pin. Names are shown with deceptive
// characters escaped (EscapeDeceptive), so a name cannot pass for another.
// It is empty when the bundle holds neither.
func (b *Bundle) PinTable() string {
	if len(b.Certificates) == 0 && len(b.PublicKeys) == 0 {
		return ""
	}
	var buf strings.Builder
	tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tROLE\tEXPIRES\tSUBJECT\tPIN (SPKI SHA-256)")
	for _, c := range b.Certificates {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.Index, c.Role, c.Cert.NotAfter.UTC().Format(dateFormat), EscapeDeceptive(c.Name()), c.Pins.OkHttp())
	}
	for _, k := range b.PublicKeys {
		fmt.Fprintf(tw, "-\tkey\t-\t%s\t%s\n", k.KeyType(), k.Pins.OkHttp())
	}
	tw.Flush()
	return buf.String()
}

// PinsCSVHeader is the first row of PinsCSV.
var PinsCSVHeader = []string{"index", "role", "name", "not_after", "key", "spki_sha256", "pin", "cert_sha256"}

// PinsCSV is one row per certificate, then one per public key (role
// "public-key", no index, name or dates), under PinsCSVHeader, as RFC 4180
// CSV. Names keep their characters, as in the JSON, except that a cell
// starting with = + - @ or a tab or carriage return gets a leading
// apostrophe: spreadsheets run such a cell as a formula (OWASP "CSV
// Injection"), and a certificate's name is whatever its maker wrote.
func (b *Bundle) PinsCSV() string {
	var buf strings.Builder
	w := csv.NewWriter(&buf)
	w.Write(PinsCSVHeader)
	for _, c := range b.Certificates {
		w.Write([]string{strconv.Itoa(c.Index), string(c.Role), csvCell(c.Name()), c.Cert.NotAfter.UTC().Format(dateFormat),
			c.KeyType(), c.Pins.SPKISHA256Base64(), c.Pins.OkHttp(), c.Pins.CertSHA256Hex()})
	}
	for _, k := range b.PublicKeys {
		w.Write([]string{"", "public-key", "", "", k.KeyType(), k.Pins.SPKISHA256Base64(), k.Pins.OkHttp(), ""})
	}
	w.Flush()
	return buf.String()
}

// csvCell defuses a cell a spreadsheet would read as a formula.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
