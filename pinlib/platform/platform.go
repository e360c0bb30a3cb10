// Package platform knows how each client platform pins: how its
// configuration is written (Platform.Config), how it decides whether the
// pins it holds accept a chain (Rule, which the simulator applies too),
// and how `pinlab check` reads its configuration (Reader). Registry lists
// every platform with what pinlib does with it; a platform's files are
// named by its ID so they sort together: <id>.go (the writer and the
// rule), <id>check.go (the reader).
package platform

import (
	"crypto/x509"
	"time"

	"pinlab/pinlib"
)

// Source says where a pin came from.
type Source string

const (
	FromLeaf         Source = "leaf"
	FromIntermediate Source = "intermediate"
	FromRoot         Source = "root"
	FromBackup       Source = "backup" // a key outside the current chain
)

// Pin is one chosen pin.
type Pin struct {
	SPKISHA256 []byte            // 32 bytes
	Source     Source            // where it came from
	Label      string            // human name for comments: the certificate's CN, or "backup key"
	Cert       *x509.Certificate // the certificate it came from; nil for a bare hash or a backup key
}

// Policy is a pinning decision: everything a config writer needs.
type Policy struct {
	Host              string       // validated with ValidateHost; "*." prefix only where a platform has wildcards
	IncludeSubdomains bool         // cover subdomains of Host
	Expires           time.Time    // zero: no expiration
	Pins              []Pin        // in the order chosen; backups last
	CertificateMode   bool         // pin whole certificates instead of SPKI (AFNetworking Certificate mode, Alamofire PinnedCertificates)
	SoftFail          bool         // report instead of block, where the platform can
	ReportURI         string       // where reports go, where the platform has them
	OkHttpVersion     OkHttpTarget // the OkHttp the okhttp exports are written for; zero: OkHttp4
	Now               time.Time    // when lints judge dates
	Notes             []Lint       // what Choose noticed (a duplicate pin, a "backup" from the chain); every Config repeats them
}

// File is one file of an export.
type File struct {
	Name    string // suggested file name, e.g. "res/xml/network_security_config.xml"
	Content []byte
	Primary bool // the file or snippet `pinlab config` prints to stdout; exactly one per export
}

// Severity of a lint.
type Severity = pinlib.Severity

// Lint is one thing the platform would reject or get wrong about a policy.
type Lint struct {
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	Severity Severity `json:"severity"`
}

// Platform writes one platform's configuration.
type Platform interface {
	ID() string   // a config format ID of docs/ARCHITECTURE.md: "android", "okhttp", ...
	Name() string // "Android Network Security Config"
	Config(p Policy) ([]File, []Lint)
}
