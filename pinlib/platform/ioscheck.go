package platform

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"howett.net/plist"
)

// infoPlistWrap makes a whole plist of the fragment pinlab exports (and that
// people copy out of Xcode): a <key>NSAppTransportSecurity</key><dict> pair.
func infoPlistWrap(data []byte) []byte {
	t := bytes.TrimSpace(data)
	if bytes.HasPrefix(t, []byte("bplist")) || bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<!DOCTYPE")) || bytes.HasPrefix(t, []byte("<plist")) {
		return data
	}
	return append(append([]byte(`<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>`), t...), []byte("</dict></plist>")...)
}

// iosReader reads an Info.plist, whole or its NSAppTransportSecurity entry,
// XML or binary.
var iosReader = Reader{ID: "ios", Try: 2,
	Reads: "Info.plist or its NSAppTransportSecurity entry", Names: "an Info.plist with NSPinnedDomains",
	detect: func(d []byte) bool {
		return bytes.Contains(d, []byte("NSPinnedDomains")) || bytes.HasPrefix(d, []byte("bplist00"))
	},
	read: readIOSRule,
}

// readIOSRule: NSPinnedDomains (iOS 14+). Every key that covers the host
// adds its identities: its own name, and with NSIncludesSubdomains one more
// label (Apple, "NSPinnedDomains"; SecPolicy.c parseNSPinnedDomains merges
// them). Leaf identities match the leaf, CA identities a CA; a list that is
// present must match even when it is empty. No expiry, no soft-fail.
func readIOSRule(data []byte, host string, _ CheckOptions) (hostRule, error) {
	r := hostRule{format: "ios", rule: IOSRule}
	var root map[string]any
	if _, err := plist.Unmarshal(infoPlistWrap(data), &root); err != nil {
		return r, fmt.Errorf("%w: not a property list: %w", ErrConfig, err)
	}
	ats, ok := root["NSAppTransportSecurity"].(map[string]any)
	if !ok {
		ats = root // a plist holding the ATS dictionary itself
	}
	domains, ok := ats["NSPinnedDomains"].(map[string]any)
	if !ok {
		return r, fmt.Errorf("%w: no NSPinnedDomains dictionary in NSAppTransportSecurity", ErrConfig)
	}
	keys := iosKeysFor(domains, host)
	if len(keys) == 0 {
		r.scope, r.unpinned = "no NSPinnedDomains key covers "+host, true
		return r, nil
	}
	r.scope = "NSPinnedDomains " + strings.Join(quoteAll(keys), " and ")
	for _, key := range keys {
		d := domains[key].(map[string]any)
		for _, list := range []struct{ key, where string }{{"NSPinnedLeafIdentities", MatchLeaf}, {"NSPinnedCAIdentities", MatchCA}} {
			v, present := d[list.key]
			if !present {
				continue
			}
			r.lists = append(r.lists, list.where)
			arr, _ := v.([]any)
			if len(arr) == 0 {
				r.notes = append(r.notes, fmt.Sprintf("%s of %q is empty or not an array: it is there, so it must match, and nothing can", list.key, key))
			}
			for i, item := range arr {
				m, _ := item.(map[string]any)
				s, ok := m["SPKI-SHA256-BASE64"].(string)
				if !ok {
					r.notes = append(r.notes, fmt.Sprintf("%s item %d of %q has no SPKI-SHA256-BASE64 string: it matches nothing", list.key, i+1, key))
					continue
				}
				r.pins = append(r.pins, spkiPin(s, list.where, 0, &r.notes))
			}
		}
	}
	return r, nil
}

// iosKeysFor are the keys that cover host: the exact one, and the one a
// label up with NSIncludesSubdomains. Keys are compared without case; a
// trailing dot is dropped from the host only.
func iosKeysFor(domains map[string]any, host string) []string {
	parent := ""
	if _, p, ok := strings.Cut(host, "."); ok {
		parent = p
	}
	var keys []string
	for k, v := range domains {
		d, ok := v.(map[string]any)
		if !ok {
			continue
		}
		inc, _ := d["NSIncludesSubdomains"].(bool)
		if strings.EqualFold(k, host) || inc && parent != "" && strings.EqualFold(k, parent) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) }) // the exact key first
	return keys
}
