package importer_test

import (
	"testing"

	"github.com/modelferry/ferry/internal/mongotest"
)

func TestMain(m *testing.M) { mongotest.Main(m) }
