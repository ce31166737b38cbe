module github.com/modelferry/ferry/testdata/jujugen/v3

go 1.21

require (
	github.com/juju/description/v3 v3.0.0
	github.com/juju/names/v4 v4.0.0-20200929085019-be23e191fee0
	github.com/juju/version/v2 v2.0.0-20210319015800-dcfac8f4f057
)

require (
	github.com/juju/clock v0.0.0-20190205081909-9c5c9712527c // indirect
	github.com/juju/collections v0.0.0-20200605021417-0d0ec82b7271 // indirect
	github.com/juju/errors v0.0.0-20200330140219-3fe23663418f // indirect
	github.com/juju/loggo v0.0.0-20200526014432-9ce3a2e09b5e // indirect
	github.com/juju/mgo/v2 v2.0.0-20210302023703-70d5d206e208 // indirect
	github.com/juju/schema v0.0.0-20160420044203-075de04f9b7d // indirect
	github.com/juju/utils/v2 v2.0.0-20200923005554-4646bfea2ef1 // indirect
	golang.org/x/crypto v0.0.0-20200820211705-5c72a883971a // indirect
	golang.org/x/net v0.0.0-20210226172049-e18ecbb05110 // indirect
	gopkg.in/yaml.v2 v2.4.0 // indirect
)
