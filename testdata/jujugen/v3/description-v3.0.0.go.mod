module github.com/juju/description/v3

go 1.14

require (
	github.com/juju/collections v0.0.0-20200605021417-0d0ec82b7271
	github.com/juju/errors v0.0.0-20200330140219-3fe23663418f
	github.com/juju/names/v4 v4.0.0-20200929085019-be23e191fee0
	github.com/juju/schema v0.0.0-20160420044203-075de04f9b7d
	github.com/juju/testing v0.0.0-20210302031854-2c7ee8570c07
	github.com/juju/version/v2 v2.0.0-20210319015800-dcfac8f4f057
	gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c
	gopkg.in/yaml.v2 v2.4.0
)
