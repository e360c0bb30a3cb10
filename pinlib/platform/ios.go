package platform

import (
	"fmt"
	"strings"
)

// IOS is App Transport Security's NSPinnedDomains (iOS 14, macOS 11 and
// later), per Apple's "NSPinnedDomains" documentation:
// NSPinnedCAIdentities match any CA certificate of the chain,
// NSPinnedLeafIdentities the leaf only, and when both are present both must
// match; NSIncludesSubdomains covers one extra label.
type IOS struct{}

// IOSRule: leaf identities match the leaf only, CA identities any CA
// certificate of the evaluated chain, and every list given must have a
// match of its own (SecPolicyServer.c).
var IOSRule = Rule{eachList: true,
	Sentence: "iOS NSPinnedDomains: NSPinnedLeafIdentities match the leaf only, NSPinnedCAIdentities any CA certificate of the evaluated chain; with both lists, both must match."}

func (IOS) ID() string   { return "ios" }
func (IOS) Name() string { return "iOS App Transport Security (NSPinnedDomains)" }

// iosSplit sorts pins into leaf and CA identities. A backup that is a
// certificate goes where that certificate sits (CA or not). A bare backup
// key joins the leaf identities when a leaf is pinned: in the CA list it
// would be required on top of the leaf, and a leaf-key backup would never
// match there; without leaf pins it joins the CA identities.
func iosSplit(q prepared) (leaf, ca []Pin) {
	hasLeaf := false
	for _, pin := range q.pins {
		hasLeaf = hasLeaf || pin.Source == FromLeaf
	}
	for _, pin := range q.pins {
		switch {
		case pin.Source == FromLeaf:
			leaf = append(leaf, pin)
		case pin.Source == FromBackup && pin.Cert != nil:
			if pin.Cert.IsCA {
				ca = append(ca, pin)
			} else {
				leaf = append(leaf, pin)
			}
		case pin.Source == FromBackup && hasLeaf:
			leaf = append(leaf, pin)
		default:
			ca = append(ca, pin)
		}
	}
	return leaf, ca
}

func (IOS) Config(p Policy) ([]File, []Lint) {
	q, lints, ok := prepare(p, features{})
	if !ok {
		return nil, lints
	}
	include := q.IncludeSubdomains || q.wildcard
	lints = append(lints, info("ios-14", "NSPinnedDomains needs iOS 14 / macOS 11 or later; older systems ignore it and do not pin"))
	lints = append(lints, wildcardLint(q, fmt.Sprintf("wrote %s with NSIncludesSubdomains, which also pins %s itself", q.host, q.host))...)
	if include {
		lints = append(lints, info("ios-one-label", "NSIncludesSubdomains covers one extra label only (a.%s, not a.b.%s); add a key per deeper domain", q.host, q.host))
	}
	leaf, ca := iosSplit(q)
	if len(leaf) > 0 && len(ca) > 0 {
		lints = append(lints, warn("ios-leaf-and-ca", "both NSPinnedLeafIdentities and NSPinnedCAIdentities are set: a connection must match one of each, so a backup in one list cannot stand in for the other"))
	}
	// Said once for all bare backup keys: the rule is the same for each.
	var bare []Pin
	for _, pin := range ca {
		if pin.Source == FromBackup && pin.Cert == nil {
			bare = append(bare, pin)
		}
	}
	switch {
	case len(bare) == 1:
		lints = append(lints, info("ios-backup-as-ca", "%s is written as a CA identity: it matches only if that key signs a CA certificate of the chain, not a leaf key", pinComment(bare[0])))
	case len(bare) > 1:
		lints = append(lints, info("ios-backup-as-ca", "the %d backup keys are written as CA identities: each matches only if that key signs a CA certificate of the chain, not a leaf key", len(bare)))
	}

	var b strings.Builder
	b.WriteString("<key>NSAppTransportSecurity</key>\n<dict>\n")
	b.WriteString("\t<key>NSPinnedDomains</key>\n\t<dict>\n")
	fmt.Fprintf(&b, "\t\t<key>%s</key>\n\t\t<dict>\n", q.host)
	if include {
		b.WriteString("\t\t\t<key>NSIncludesSubdomains</key>\n\t\t\t<true/>\n")
	}
	writeList := func(key string, pins []Pin) {
		if len(pins) == 0 {
			return
		}
		fmt.Fprintf(&b, "\t\t\t<key>%s</key>\n\t\t\t<array>\n", key)
		for _, pin := range pins {
			fmt.Fprintf(&b, "\t\t\t\t<!-- %s -->\n", pinComment(pin))
			fmt.Fprintf(&b, "\t\t\t\t<dict>\n\t\t\t\t\t<key>SPKI-SHA256-BASE64</key>\n\t\t\t\t\t<string>%s</string>\n\t\t\t\t</dict>\n", b64(pin.SPKISHA256))
		}
		b.WriteString("\t\t\t</array>\n")
	}
	writeList("NSPinnedCAIdentities", ca)
	writeList("NSPinnedLeafIdentities", leaf)
	b.WriteString("\t\t</dict>\n\t</dict>\n</dict>\n")
	return withReadme("iOS App Transport Security NSPinnedDomains", []string{
		"Merge the `NSAppTransportSecurity` entry into the app's Info.plist (merge with an existing NSAppTransportSecurity dictionary).",
		"It applies to URLSession and other system networking on iOS 14 / macOS 11 or later.",
	}, []File{{Name: "Info.plist-NSAppTransportSecurity.xml", Content: []byte(b.String()), Primary: true}}, lints)
}
