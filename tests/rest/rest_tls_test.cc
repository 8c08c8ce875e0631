// The REST gateway over TLS: a self-signed certificate made with the openssl program, a client
// that trusts it, and clear errors for unusable certificate files.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "rest_test_support.h"
#include "server/rest/rest_gateway.h"

namespace cellar::server::rest::testing {
namespace {

namespace fs = std::filesystem;

class RestTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "cellar-rest-tls-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
        "-keyout '" +
        (dir_ / "key.pem").string() + "' -out '" + (dir_ / "cert.pem").string() +
        "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) GTEST_SKIP() << "the openssl program is not usable";
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

TEST_F(RestTlsTest, ServesHttpsWithTheGivenCertificate) {
  GatewayOptions options;
  options.tls_cert_file = (dir_ / "cert.pem").string();
  options.tls_key_file = (dir_ / "key.pem").string();
  RestServerFixture server(options);
  httplib::SSLClient client("127.0.0.1", server.port());
  client.set_ca_cert_path((dir_ / "cert.pem").string().c_str());
  client.enable_server_certificate_verification(false);  // CN/SAN checks are not the point
  auto r = client.Get("/version/cluster", {{"Accept", "application/json"}});
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"Version\":\"2.5.0\"}");
  // Plain HTTP to the TLS port gets no answer.
  auto plain = server.Client();
  EXPECT_FALSE(plain->Get("/version/cluster"));
}

TEST_F(RestTlsTest, RefusesMissingOrMismatchedFilesWithInvalidArgument) {
  auto store = Store::Open((dir_ / "store").string());
  ASSERT_TRUE(store.ok());
  GatewayOptions options;
  options.tls_cert_file = (dir_ / "missing.pem").string();
  options.tls_key_file = (dir_ / "key.pem").string();
  Status missing = MakeRestGateway(**store, options)->Start();
  EXPECT_TRUE(missing.IsInvalidArgument()) << missing.ToString();
  options.tls_cert_file = (dir_ / "key.pem").string();  // a key is not a certificate
  Status wrong = MakeRestGateway(**store, options)->Start();
  EXPECT_TRUE(wrong.IsInvalidArgument()) << wrong.ToString();
  EXPECT_TRUE((*store)->Close().ok());
}

}  // namespace
}  // namespace cellar::server::rest::testing
