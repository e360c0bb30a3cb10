//go:build !wasm

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

var configHelp = `Usage: pinlab config --format F --host H [--include-subdomains] [--expires YYYY-MM-DD]
                     [--pin leaf|intermediate|root|INDEX]... [--backup FILE|--backup-pin BASE64]...
                     [--soft-fail] [--report-uri URL] [--certificate-mode] [--out DIR] [FILE|-]
                     [--okhttp-version 4|3]

Prints the pinning configuration a developer pastes into their app, for the
chain in FILE (or stdin): the whole network_security_config.xml for android,
the NSAppTransportSecurity entry of Info.plist for ios, the builder code for
okhttp, and so on. Lints (what the platform rejects or gets wrong) go to
stderr. --out DIR also writes every file of the export: the manifest
snippet, the certificates to bundle, a README of the steps.

` + formatsHelp() + `

With no --pin, pinlab pins the leaf's issuing intermediate (or the leaf when
there is none); with no leaf, the one CA certificate given, or it asks for an
index. Add a backup pin from a key outside the chain with --backup
(a certificate or public key file) or --backup-pin.

Examples:
  pinlab config --format android --host api.example.com --pin intermediate --backup-pin BASE64 chain.pem
  pinlab config --format ios --host example.com --include-subdomains --pin leaf --backup next.pem chain.pem
  pinlab config --format trustkit --host api.example.com --soft-fail --report-uri https://r.example.com/r chain.pem

`

// repeated collects a flag given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func cmdConfig(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("config", configHelp, stderr)
	var (
		format     = fs.String("format", "", "config format (see the list above)")
		host       = fs.String("host", "", "host name to pin, e.g. api.example.com")
		subdomains = fs.Bool("include-subdomains", false, "cover the host's subdomains too")
		expires    = fs.String("expires", "", "pin-set expiration, YYYY-MM-DD, where the platform has one")
		softFail   = fs.Bool("soft-fail", false, "report instead of blocking, where the platform can")
		reportURI  = fs.String("report-uri", "", "where reports go, where the platform has them (https)")
		certMode   = fs.Bool("certificate-mode", false, "pin whole certificates (alamofire, afnetworking)")
		okhttpVer  = fs.String("okhttp-version", "4", "okhttp, okhttp-java: write for OkHttp 4.3.0 or later (4) or OkHttp 3.x (3), which has no \"**.\" pattern")
		out        = fs.String("out", "", "also write every file of the export into this directory")
		picks      repeated
		backups    repeated
		backupPins repeated
	)
	fs.Var(&picks, "pin", "what to pin: leaf, intermediate, root or a certificate index (repeatable)")
	fs.Var(&backups, "backup", "a certificate or public key file whose key is a backup pin (repeatable)")
	fs.Var(&backupPins, "backup-pin", "a backup SPKI SHA-256 pin, base64 (repeatable)")
	if err := fs.Parse(args); err != nil {
		return exitUsage(err)
	}
	usage := func(format string, a ...any) int {
		say(stderr, "config", format, a...)
		return 2
	}
	p, ok := platform.ByID(*format)
	switch {
	case *format == "":
		return usage("--format is required: one of %s", strings.Join(platform.IDs(), ", "))
	case !ok:
		return usage("unknown format %q: use one of %s", *format, strings.Join(platform.IDs(), ", "))
	case *host == "":
		return usage("--host is required, e.g. --host api.example.com")
	case fs.NArg() > 1:
		return usage("one chain at a time: got %d files", fs.NArg())
	}
	sel := platform.Selection{
		Host:              *host,
		IncludeSubdomains: *subdomains,
		Pick:              picks,
		CertificateMode:   *certMode,
		SoftFail:          *softFail,
		ReportURI:         *reportURI,
		Now:               time.Now(),
	}
	if *expires != "" {
		t, err := time.Parse("2006-01-02", *expires)
		if err != nil {
			return usage("--expires %q: want a date as YYYY-MM-DD", *expires)
		}
		sel.Expires = t
	}
	var err error
	if sel.OkHttpVersion, err = platform.ParseOkHttpTarget(*okhttpVer); err != nil {
		return usage("--okhttp-version %q: want 4 (OkHttp 4.3.0 or later) or 3 (OkHttp 3.x)", *okhttpVer)
	}
	for _, bp := range backupPins {
		if _, err := pinlib.ParsePin(bp); err != nil {
			return usage("--backup-pin: %s", pinlib.Message(err))
		}
		sel.BackupPins = append(sel.BackupPins, bp)
	}
	for _, f := range backups {
		pins, err := backupFilePins(f)
		if err != nil {
			sayErr(stderr, "config", err)
			return exitCode(err)
		}
		sel.BackupPins = append(sel.BackupPins, pins...)
	}

	b, err := readChain("", fs.Args(), os.Stdin)
	if err != nil {
		sayErr(stderr, "config", err)
		return exitCode(err)
	}
	policy, err := platform.Choose(b, sel)
	if err != nil {
		say(stderr, "config", "%s", pinlib.Message(err))
		if errors.Is(err, platform.ErrUsage) {
			return 2
		}
		return 1
	}
	files, lints := p.Config(policy)
	for _, l := range lints {
		say(stderr, "config", "%s: %s", l.Severity, l.Message)
	}
	for _, f := range files {
		if f.Primary {
			stdout.Write(f.Content)
		}
	}
	if *out != "" {
		if err := writeExport(*out, files); err != nil {
			sayErr(stderr, "config", err)
			return 1
		}
	}
	return 0
}

// backupFilePins reads the keys of a backup certificate or public key file.
func backupFilePins(name string) ([]string, error) {
	b, err := readChain("--backup", []string{name}, os.Stdin)
	if err != nil {
		return nil, err
	}
	var pins []string
	for _, c := range b.Certificates {
		pins = append(pins, c.Pins.SPKISHA256Base64())
	}
	for _, k := range b.PublicKeys {
		pins = append(pins, k.Pins.SPKISHA256Base64())
	}
	return pins, nil
}

// writeExport writes each file under dir, refusing names that would climb
// out of it.
func writeExport(dir string, files []platform.File) error {
	for _, f := range files {
		name := filepath.Clean(filepath.FromSlash(f.Name))
		if filepath.IsAbs(name) || name == ".." || strings.HasPrefix(name, ".."+string(filepath.Separator)) {
			return fmt.Errorf("export file name %q leaves the output directory", f.Name)
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.Content, 0o644); err != nil {
			return err
		}
	}
	return nil
}
