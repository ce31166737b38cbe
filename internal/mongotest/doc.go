// Package mongotest gives tests a MongoDB to talk to, for the tests of
// other packages; it is not for use outside tests.
//
// By default that is one embedded FerretDB (package embeddb) per test
// binary, started on first use in a temporary directory. When the
// environment variable FERRY_TEST_MONGO_URI is set, URI, Client and FreshDB
// use the server at that URI instead, for example a real MongoDB:
//
//	FERRY_TEST_MONGO_URI=mongodb://127.0.0.1:27017/ go test ./import/
//
// A package that uses mongotest must call Main from its TestMain, so that
// the embedded server is stopped and its directory removed at the end:
//
//	func TestMain(m *testing.M) { mongotest.Main(m) }
//
// Tests should work in their own database from FreshDB, so that they do
// not see each other's data, whether they run one after another, in
// parallel, or from several test binaries against one real MongoDB.
package mongotest
