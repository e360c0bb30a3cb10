package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// chainView draws the certificates leaf to root, each one a collapsible
// card, with the "signed by" link between them and badges for what matters.
type chainView struct {
	app.Compo
	Bundle   *pinlib.Bundle
	Now      time.Time
	Open     map[int]bool
	OnToggle func(i int, open bool)
}

func (v *chainView) Render() app.UI {
	certs := v.Bundle.Certificates
	if len(certs) == 0 {
		return app.Text("")
	}
	return app.Section().ID("chain").Class("chain").Aria("label", "Certificates").Body(
		app.H2().Text("Certificates"),
		app.Ol().Class("chain-list").Body(app.Range(certs).Slice(func(i int) app.UI {
			return v.renderItem(certs[i])
		})),
	)
}

func (v *chainView) renderItem(c *pinlib.Certificate) app.UI {
	open := v.Open[c.Index]
	return app.Li().Class("chain-item role-"+string(c.Role)).ID(fmt.Sprintf("cert-%d", c.Index)).Body(
		app.Details().Class("cert").Open(open).OnToggle(func(ctx app.Context, e app.Event) {
			if v.OnToggle != nil {
				v.OnToggle(c.Index, ctx.JSSrc().Get("open").Bool())
			}
		}).Body(
			app.Summary().Class("cert-summary").Body(
				app.Span().Class("role-badge").Text(string(c.Role)),
				app.Span().Class("cert-name").Body(shownText(c.Name())...),
				badges(c, v.Now),
			),
			app.If(open, func() app.UI { return certCard(c, v.Bundle, v.Now) }),
		),
		v.renderLink(c),
	)
}

// renderLink says who signed this certificate, below it, as the arrow of the
// diagram: verified by signature, or missing.
func (v *chainView) renderLink(c *pinlib.Certificate) app.UI {
	switch {
	case c.SelfSigned:
		return app.P().Class("link self").Text("↺ self-signed: a trust anchor")
	case c.IssuerIndex >= 0:
		return app.P().Class("link signed").Body(
			withText("↓ signed by ", v.Bundle.Certificates[c.IssuerIndex].Name(), " (signature verified)")...)
	default:
		return app.P().Class("link missing").Body(
			withText("↓ issued by ", c.Cert.Issuer.CommonName, ": not in the input")...)
	}
}

// badges are the short flags on a certificate's summary line. Each says its
// meaning in words: colour is never the only signal.
func badges(c *pinlib.Certificate, now time.Time) app.UI {
	var out []app.UI
	l := c.LifetimeAt(now)
	switch l.Status {
	case pinlib.Expired:
		out = append(out, badge("bad", fmt.Sprintf("expired %d days ago", -l.DaysLeft)))
	case pinlib.NotYetValid:
		out = append(out, badge("bad", "not yet valid"))
	case pinlib.NearingExpiry:
		out = append(out, badge("warn", fmt.Sprintf("expires in %d days", l.DaysLeft)))
	default:
		out = append(out, badge("ok", fmt.Sprintf("valid, %d days left", l.DaysLeft)))
	}
	if c.SelfSigned {
		out = append(out, badge("info", "self-signed"))
	}
	if c.IssuerIndex < 0 && !c.SelfSigned {
		out = append(out, badge("warn", "issuer missing"))
	}
	if c.NormallySent() {
		out = append(out, badge("info", "sent by the server"))
	}
	return app.Span().Class("badges").Body(out...)
}

func badge(kind, text string) app.UI {
	return app.Span().Class("badge badge-" + kind).Text(text)
}

// certCard is everything about one certificate that matters for pinning,
// SPKI SHA-256 first.
func certCard(c *pinlib.Certificate, b *pinlib.Bundle, now time.Time) app.UI {
	x := c.Cert
	l := c.LifetimeAt(now)
	return app.Div().Class("cert-card").Body(
		app.H3().Class("pin-heading").Text("Pins"),
		app.P().Class("why-spki").Text("Pin the SPKI SHA-256: it hashes the public key, so it survives a renewal that keeps the key, and every platform accepts it."),
		pinTable(c.Pins, true),
		app.H3().Text("Details"),
		app.Dl().Class("details").Body(
			dt("Subject"), dd(c.Subject()),
			dt("Issuer"), dd(c.Issuer()),
			dt("Names (SAN)"), dd(orNone(strings.Join(c.SANs(), ", "))),
			dt("Valid"), app.Dd().Body(
				app.Text(x.NotBefore.UTC().Format("2006-01-02")+" → "+x.NotAfter.UTC().Format("2006-01-02")+" "),
				app.Progress().Class("lifetime").Max(100).Value(int(l.Used*100)).
					Aria("label", fmt.Sprintf("%d%% of its lifetime used", int(l.Used*100))),
			),
			dt("Key"), dd(c.KeyType()),
			dt("Signature"), dd(c.SignatureAlgorithm()),
			dt("CA"), dd(caText(c)),
			dt("Key usage"), dd(orNone(strings.Join(c.KeyUsage(), ", "))),
			dt("Extended key usage"), dd(orNone(strings.Join(c.ExtKeyUsage(), ", "))),
			dt("Serial"), app.Dd().Class("mono").Text(c.Serial()),
			dt("Subject key ID"), app.Dd().Body(
				app.Span().Class("mono").Text(orNone(c.SKI())),
				app.Span().Class("not-a-pin").Text(" (an identifier, not a pin: platforms do not accept it)"),
			),
			dt("Authority key ID"), app.Dd().Class("mono").Text(orNone(c.AKI())),
			dt("Source"), dd(sourceText(c)),
		),
	)
}

// pinTable lists every pin and fingerprint in every notation, each with a
// copy button. withCert adds the certificate fingerprints.
func pinTable(p pinlib.Pins, withCert bool) app.UI {
	rows := []struct{ label, where, value string }{
		{"SPKI SHA-256", "Android, iOS, TrustKit (bare base64)", p.SPKISHA256Base64()},
		{"OkHttp", "CertificatePinner", p.OkHttp()},
		{"curl", "--pinnedpubkey", p.Curl()},
		{"HPKP", "Public-Key-Pins (historical)", p.HPKP()},
		{"SPKI SHA-1", "legacy OkHttp sha1/", p.OkHttpSHA1()},
	}
	if withCert {
		rows = append(rows,
			struct{ label, where, value string }{"Certificate SHA-256", "fingerprint, hex", p.CertSHA256Hex()},
			struct{ label, where, value string }{"Certificate SHA-256", "fingerprint, colons", p.CertSHA256Colon()},
			struct{ label, where, value string }{"Certificate SHA-1", "fingerprint, hex", p.CertSHA1Hex()},
		)
	}
	return app.Table().Class("pins").Body(
		app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
			r := rows[i]
			return app.Tr().Body(
				app.Th().Scope("row").Body(app.Text(r.label), app.Br(), app.Small().Text(r.where)),
				app.Td().Body(app.Code().Class("pin-value").Text(r.value)),
				app.Td().Body(&copyButton{Value: r.value, Label: "Copy " + r.label + " (" + r.where + ")"}),
			)
		})),
	)
}

func dt(s string) app.UI { return app.Dt().Text(s) }

// dd shows a value, which may be text a certificate or config carries.
func dd(s string) app.UI { return app.Dd().Body(shownText(s)...) }

// shownText renders text that whoever made a certificate (or a config)
// chose: each control, bidi or invisible character is written as its escape
// and marked, so "api.\u202emoc.lapyap" cannot pass for "api.paypal.com".
// pinlib decides what is deceptive; text without any is one text node.
func shownText(s string) []app.UI {
	parts := pinlib.SplitDeceptive(s)
	out := make([]app.UI, len(parts))
	for i, p := range parts {
		if p.Escaped {
			out[i] = app.Mark().Class("deceptive").Title(p.Char + ": a hidden or control character, shown as its escape").Text(p.Text)
		} else {
			out[i] = app.Text(p.Text)
		}
	}
	return out
}

// withText is shownText(name) between two fixed texts: one text node when
// there is nothing to mark.
func withText(before, name, after string) []app.UI {
	if !pinlib.HasDeceptive(name) {
		return []app.UI{app.Text(before + name + after)}
	}
	return append(append([]app.UI{app.Text(before)}, shownText(name)...), app.Text(after))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func caText(c *pinlib.Certificate) string {
	if !c.IsCA() {
		return "no"
	}
	if n := c.MaxPathLen(); n >= 0 {
		return fmt.Sprintf("yes, path length ≤ %d", n)
	}
	return "yes"
}

func sourceText(c *pinlib.Certificate) string {
	if c.Line > 0 {
		return fmt.Sprintf("%s, line %d", c.Source, c.Line)
	}
	return c.Source
}
