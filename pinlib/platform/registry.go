package platform

import (
	"slices"
	"sort"
)

// Entry is one platform and what pinlab does with it. Its files are named
// by its ID so they sort together: <id>.go writes its config and holds its
// pin rule, <id>check.go reads its config for `pinlab check`.
type Entry struct {
	Platform       // writes its config (`pinlab config`, the Pin page)
	Rule     *Rule // its pin rule, where pinlab models it; nil otherwise
	// Check reads its configs for `pinlab check` and the Check page; nil
	// when pinlab cannot. Two platforms may share one (okhttp-java's
	// export is read as okhttp).
	Check *Reader
	// Simulated: the simulator has a client with this rule (pinlib/sim's
	// client table, which names the platform; its tests hold the two
	// together).
	Simulated bool
	// RealClient: a real client runs this export as printed in the
	// real-client tests (realclient_*_test.go, which hold the two together).
	RealClient bool
}

// Registry lists every platform in the order of the public config format
// IDs (docs/ARCHITECTURE.md). It is the one list: the CLI's help and checks, the Pin
// page's menu, the Check page's detection and the tests are derived from
// it, so adding a platform is adding its files and one line here.
var Registry = []Entry{
	{Platform: Android{}, Rule: &AndroidRule, Check: &androidReader, Simulated: true},
	{Platform: OkHttp{}, Rule: &OkHttpRule, Check: &okhttpReader, Simulated: true},
	{Platform: OkHttpJava{}, Rule: &OkHttpRule, Check: &okhttpReader, RealClient: true},
	{Platform: IOS{}, Rule: &IOSRule, Check: &iosReader, Simulated: true},
	{Platform: TrustKit{}, Rule: &TrustKitRule, Simulated: true},
	{Platform: Alamofire{}},
	{Platform: AFNetworking{}, Rule: &AFNetworkingRule, Simulated: true},
	{Platform: ReactNative{}},
	{Platform: Curl{}, Rule: &CurlRule, Check: &curlReader, RealClient: true},
	{Platform: HPKP{}, Rule: &HPKPRule, Check: &hpkpReader},
	{Platform: Go{}, RealClient: true},
	{Platform: DotNet{}},
}

// All lists every platform's config writer, in Registry order.
var All = func() []Platform {
	out := make([]Platform, len(Registry))
	for i, e := range Registry {
		out[i] = e.Platform
	}
	return out
}()

// checkReaders are the distinct readers of the registry, in detection
// order (Reader.Try).
var checkReaders = func() []*Reader {
	var out []*Reader
	for _, e := range Registry {
		if e.Check != nil && !slices.Contains(out, e.Check) {
			out = append(out, e.Check)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Try < out[j].Try }) // ranks are distinct (TestRegistry)
	return out
}()

// Lookup finds a platform's entry by its config format ID.
func Lookup(id string) (Entry, bool) {
	for _, e := range Registry {
		if e.ID() == id {
			return e, true
		}
	}
	return Entry{}, false
}

// ByID finds a platform by its config format ID.
func ByID(id string) (Platform, bool) {
	e, ok := Lookup(id)
	return e.Platform, ok
}

// IDs lists the config format IDs, for usage messages and menus.
func IDs() []string {
	ids := make([]string, len(All))
	for i, p := range All {
		ids[i] = p.ID()
	}
	return ids
}

// CheckFormatOf is the format `pinlab check` reads platform id's export
// as ("okhttp" for okhttp-java), and false when it cannot read it.
func CheckFormatOf(id string) (string, bool) {
	e, ok := Lookup(id)
	if !ok || e.Check == nil {
		return "", false
	}
	return e.Check.ID, true
}

// Primary is the file `pinlab config` prints.
func Primary(files []File) (File, bool) {
	for _, f := range files {
		if f.Primary {
			return f, true
		}
	}
	return File{}, false
}
