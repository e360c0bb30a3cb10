package app

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

// The Pin page's work (host, chosen pins, backup pins, platform and
// options) is kept in this browser beside the workspace, so it comes back
// after a reload, after other pages, and after a trip through Check. It is
// kept for one chain: a different chain on Inspect starts afresh. Backup
// pins are public hashes only: a generated key's private half is never
// stored, and is gone once the page is left.
const pinStateKey = "pinlab.pin"

// pinState is what the Pin page keeps. Field names are stored in local
// storage: add fields, do not rename them.
type pinState struct {
	Chain      string   `json:"chain"`  // chainID of the chain it is for; "" for backups kept before any chain
	Host       string   `json:"host"`   // as typed
	Chosen     bool     `json:"chosen"` // Picks were set by the person; else pinlib's default choice
	Picks      []int    `json:"picks"`  // certificate indexes
	Backups    []string `json:"backups"`
	Format     string   `json:"format"`
	OkHttp     string   `json:"okhttp,omitempty"`
	KeyAlg     string   `json:"key_alg,omitempty"`
	Subdomains bool     `json:"subdomains,omitempty"`
	Expires    string   `json:"expires,omitempty"` // yyyy-mm-dd: the first unpinned day
	SoftFail   bool     `json:"soft_fail,omitempty"`
	ReportURI  string   `json:"report_uri,omitempty"`
	CertMode   bool     `json:"cert_mode,omitempty"`
	Cadence    int      `json:"cadence,omitempty"` // days
}

// chainID names a chain by its certificates, so saved work meets only the
// chain it was done for. It is "" for an input without certificates.
func chainID(b *pinlib.Bundle) string {
	if b == nil || len(b.Certificates) == 0 {
		return ""
	}
	h := sha256.New()
	for _, c := range b.Certificates {
		h.Write(c.Pins.CertSHA256)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// loadPinState is the saved work for b's chain. Backup pins kept before
// any chain was pasted (a public key used as a backup on its own) carry
// over to the first chain; anything saved for another chain does not.
func loadPinState(ctx app.Context, b *pinlib.Bundle) (pinState, bool) {
	var st pinState
	if err := ctx.LocalStorage().Get(pinStateKey, &st); err != nil {
		return pinState{}, false
	}
	id := chainID(b)
	switch {
	case st.Chain == id && (id != "" || len(st.Backups) > 0):
		return st, true
	case st.Chain == "" && len(st.Backups) > 0:
		return pinState{Chain: id, Backups: st.Backups}, true
	}
	return pinState{}, false
}

func savePinState(ctx app.Context, st pinState) {
	ctx.LocalStorage().Set(pinStateKey, st)
}

func clearPinState(ctx app.Context) {
	ctx.LocalStorage().Del(pinStateKey)
}

// addBackupToPinState keeps pin as a backup of b's chain for the Pin page,
// as Inspect's "Use as backup pin" does. pinlib refuses a key of the chain.
func addBackupToPinState(ctx app.Context, b *pinlib.Bundle, pin []byte) error {
	if err := pinlib.CheckBackupKey(b, pin); err != nil {
		return err
	}
	st, _ := loadPinState(ctx, b)
	st.Chain = chainID(b)
	st.Backups = appendUnique(st.Backups, (pinlib.Pins{SPKISHA256: pin}).SPKISHA256Base64())
	savePinState(ctx, st)
	return nil
}

// pickInPinState makes certificate i the one pinned for b's chain, as
// Inspect's "Pin this" does for a bundle without a leaf.
func pickInPinState(ctx app.Context, b *pinlib.Bundle, i int) {
	st, _ := loadPinState(ctx, b)
	st.Chain, st.Chosen, st.Picks = chainID(b), true, []int{i}
	savePinState(ctx, st)
}

// fillDefaults completes the work with the page's defaults and the
// chain's: the leaf's name as the host, Android, ECDSA keys, a 30-day
// release cadence.
func (st *pinState) fillDefaults(b *pinlib.Bundle) {
	if st.Format == "" {
		st.Format = "android"
	}
	if st.KeyAlg == "" {
		st.KeyAlg = string(pinlib.KeyECDSAP256)
	}
	if st.Cadence == 0 {
		st.Cadence = 30
	}
	if st.Host == "" && b != nil {
		st.Host = defaultHost(b)
	}
}

// selection turns saved work into what platform.Choose reads. now is the
// moment the pins are chosen at.
func (st pinState) selection(b *pinlib.Bundle, now time.Time) platform.Selection {
	sel := platform.Selection{
		Host:              strings.TrimSpace(st.Host),
		IncludeSubdomains: st.Subdomains,
		SoftFail:          st.SoftFail,
		ReportURI:         strings.TrimSpace(st.ReportURI),
		CertificateMode:   st.CertMode,
		OkHttpVersion:     platform.OkHttpTarget(st.OkHttp),
		BackupPins:        st.Backups,
		Now:               now,
	}
	picks := st.Picks
	if !st.Chosen {
		picks = defaultPickList(b)
	}
	for _, i := range picks {
		sel.Pick = append(sel.Pick, strconv.Itoa(i))
	}
	if t, err := time.Parse("2006-01-02", st.Expires); err == nil {
		sel.Expires = t
	}
	return sel
}

// exportOf is the export the Pin page shows for this saved work: the
// primary file of its format, or why there is none.
func (st pinState) exportOf(b *pinlib.Bundle, format string, now time.Time) (platform.File, error) {
	pol, err := platform.Choose(b, st.selection(b, now))
	if err != nil {
		return platform.File{}, err
	}
	plat, ok := platform.ByID(format)
	if !ok {
		return platform.File{}, &platform.ChoiceError{Field: "format", Value: format, Code: "format", Err: platform.ErrUsage}
	}
	files, _ := plat.Config(pol)
	f, _ := platform.Primary(files)
	return f, nil
}

// defaultPickList is pinlib's default choice for b, as indexes.
func defaultPickList(b *pinlib.Bundle) []int {
	var out []int
	for i, on := range defaultPicks(b) {
		if on {
			out = append(out, i)
		}
	}
	return out
}
