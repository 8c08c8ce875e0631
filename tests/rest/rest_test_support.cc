#include "rest_test_support.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "server/rest/base64.h"
#include "server/rest/rest_gateway.h"

namespace cellar::server::rest::testing {

RestServerFixture::RestServerFixture(GatewayOptions options) {
  std::string templ = (std::filesystem::temp_directory_path() / "cellar-rest-XXXXXX").string();
  char* made = mkdtemp(templ.data());
  EXPECT_NE(made, nullptr);
  dir_ = templ;
  auto store = Store::Open((dir_ / "store").string());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(*store);
  options.port = 0;
  options.workers = 4;
  gateway_ = MakeRestGateway(*store_, options);
  Status s = gateway_->Start();
  EXPECT_TRUE(s.ok()) << s.ToString();
}

RestServerFixture::~RestServerFixture() {
  gateway_->Stop();
  gateway_.reset();
  (void)store_->Close();
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::unique_ptr<httplib::Client> RestServerFixture::Client() const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port());
  c->set_keep_alive(false);
  // Send paths as written: ',' and '*' are rowspec syntax, and tests encode keys themselves.
  c->set_url_encode(false);
  c->set_read_timeout(10, 0);
  return c;
}

void RestServerFixture::CreateTable(const std::string& name,
                                    std::initializer_list<std::string> families) {
  TableDescriptor desc;
  desc.name = *TableName::Parse(name);
  for (const std::string& f : families) {
    ColumnFamilyDescriptor cf;
    cf.name = f;
    cf.max_versions = 3;
    desc.families.push_back(cf);
  }
  Status s = store_->admin().CreateTable(desc);
  ASSERT_TRUE(s.ok()) << s.ToString();
}

std::string B64(std::string_view bytes) { return Base64Encode(bytes); }

}  // namespace cellar::server::rest::testing
