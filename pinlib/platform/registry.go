package platform

// All lists every platform in the order of DESIGN.md's config format IDs.
var All = []Platform{
	Android{}, OkHttp{}, OkHttpJava{}, IOS{}, TrustKit{}, Alamofire{},
	AFNetworking{}, ReactNative{}, Curl{}, HPKP{}, Go{}, DotNet{},
}

// ByID finds a platform by its config format ID.
func ByID(id string) (Platform, bool) {
	for _, p := range All {
		if p.ID() == id {
			return p, true
		}
	}
	return nil, false
}

// IDs lists the config format IDs, for usage messages and menus.
func IDs() []string {
	ids := make([]string, len(All))
	for i, p := range All {
		ids[i] = p.ID()
	}
	return ids
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
