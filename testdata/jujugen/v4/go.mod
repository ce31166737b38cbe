module github.com/modelferry/ferry/testdata/jujugen/v4

go 1.21

require (
	github.com/juju/description/v4 v4.0.1
	github.com/juju/names/v4 v4.0.0
	github.com/juju/version/v2 v2.0.1
)

require (
	github.com/juju/clock v1.0.0 // indirect
	github.com/juju/collections v1.0.0 // indirect
	github.com/juju/errors v1.0.0 // indirect
	github.com/juju/loggo v1.0.0 // indirect
	github.com/juju/mgo/v3 v3.0.2 // indirect
	github.com/juju/os/v2 v2.2.3 // indirect
	github.com/juju/schema v1.0.1 // indirect
	github.com/juju/utils/v3 v3.0.0 // indirect
	github.com/rs/xid v1.4.0 // indirect
	golang.org/x/crypto v0.0.0-20211215153901-e495a2d5b3d3 // indirect
	golang.org/x/net v0.0.0-20211216030914-fe4d6282115f // indirect
	golang.org/x/sys v0.0.0-20210806184541-e5e7981a1069 // indirect
	gopkg.in/yaml.v2 v2.4.0 // indirect
)
