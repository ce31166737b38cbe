package description

import "fmt"

// Old entity versions name an OS series ("jammy"); current ones a base
// ("ubuntu@22.04"). The table is juju/os v2's, plus the Ubuntu releases
// that juju/os finds at run time in the host's distro-info (which makes
// juju's own conversion depend on the machine it runs on; ferry's does not).
var ubuntuSeries = map[string]string{
	"precise": "12.04", "quantal": "12.10", "raring": "13.04", "saucy": "13.10",
	"trusty": "14.04", "utopic": "14.10", "vivid": "15.04", "wily": "15.10",
	"xenial": "16.04", "yakkety": "16.10", "zesty": "17.04", "artful": "17.10",
	"bionic": "18.04", "cosmic": "18.10", "disco": "19.04", "eoan": "19.10",
	"focal": "20.04", "groovy": "20.10", "hirsute": "21.04", "impish": "21.10",
	"jammy": "22.04", "kinetic": "22.10", "lunar": "23.04", "mantic": "23.10",
	"noble": "24.04", "oracular": "24.10", "plucky": "25.04",
}

var otherSeries = map[string][2]string{ // series -> os, version
	"centos7":      {"centos", "centos7"},
	"centos8":      {"centos", "centos8"},
	"centos9":      {"centos", "centos9"},
	"opensuseleap": {"opensuse", "opensuse42"},
	"genericlinux": {"genericlinux", "genericlinux"},
	"win2008r2":    {"windows", "win2008r2"},
	"win2012hvr2":  {"windows", "win2012hvr2"},
	"win2012hv":    {"windows", "win2012hv"},
	"win2012r2":    {"windows", "win2012r2"},
	"win2012":      {"windows", "win2012"},
	"win2016":      {"windows", "win2016"},
	"win2016hv":    {"windows", "win2016hv"},
	"win2016nano":  {"windows", "win2016nano"},
	"win2019":      {"windows", "win2019"},
	"win7":         {"windows", "win7"},
	"win8":         {"windows", "win8"},
	"win81":        {"windows", "win81"},
	"win10":        {"windows", "win10"},
}

// seriesBase converts a series to a base, as juju/description does when
// reading old machine and application versions.
func seriesBase(series string) (string, error) {
	if v, ok := ubuntuSeries[series]; ok {
		return "ubuntu@" + v, nil
	}
	if ov, ok := otherSeries[series]; ok {
		return ov[0] + "@" + ov[1], nil
	}
	return "", fmt.Errorf("base series %q not valid", series)
}

// seriesVersion gives the OS version of a series ("jammy" -> "22.04").
func seriesVersion(series string) (string, bool) {
	if v, ok := ubuntuSeries[series]; ok {
		return v, true
	}
	if ov, ok := otherSeries[series]; ok {
		return ov[1], true
	}
	return "", false
}
