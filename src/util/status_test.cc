#include "cellar/status.h"

#include <gtest/gtest.h>

namespace cellar {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd: " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  CELLAR_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

Status CheckEven(int x) {
  CELLAR_RETURN_IF_ERROR(Half(x).status());
  return Status::Ok();
}

TEST(StatusTest, OkIsDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ToStringNamesCodeAndMessage) {
  EXPECT_EQ(Status::NotFound("table t").ToString(), "NotFound: table t");
  EXPECT_EQ(Status::NotFound("x").WithContext("open").message(), "open: x");
}

TEST(StatusTest, OkFromCodeOkDropsTheMessage) {
  Status s(StatusCode::kOk, "ignored");
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
}

TEST(StatusTest, CopyOfErrorIsIndependent) {
  Status original = Status::DataLoss("block 7");
  Status copy(original);
  Status assigned;
  assigned = original;
  original = Status::NotFound("other");
  EXPECT_EQ(copy.ToString(), "DataLoss: block 7");
  EXPECT_EQ(assigned.ToString(), "DataLoss: block 7");
  EXPECT_EQ(original.ToString(), "NotFound: other");
}

TEST(StatusTest, CopyOfOkIsOkAndOverwritesAnError) {
  Status ok;
  Status error = Status::Internal("x");
  error = ok;
  EXPECT_TRUE(error.ok());
  EXPECT_EQ(error.message(), "");
  Status copy(ok);
  EXPECT_TRUE(copy.ok());
}

TEST(StatusTest, MoveCarriesTheErrorAndLeavesTheSourceOk) {
  Status source = Status::Unavailable("lock held");
  Status moved(std::move(source));
  EXPECT_EQ(moved.ToString(), "Unavailable: lock held");
  EXPECT_TRUE(source.ok());  // NOLINT: a moved-from Status is OK, as documented by this test
  Status target = Status::NotFound("t");
  target = std::move(moved);
  EXPECT_EQ(target.ToString(), "Unavailable: lock held");
  target = Status();
  EXPECT_TRUE(target.ok());
}

TEST(StatusTest, SelfAssignmentKeepsTheStatus) {
  Status error = Status::AlreadyExists("table t");
  Status& alias = error;
  error = alias;
  EXPECT_EQ(error.ToString(), "AlreadyExists: table t");
  error = std::move(alias);
  EXPECT_EQ(error.ToString(), "AlreadyExists: table t");
  Status ok;
  Status& ok_alias = ok;
  ok = ok_alias;
  EXPECT_TRUE(ok.ok());
}

TEST(StatusTest, ResultCarriesErrorThroughCopyAndMove) {
  Result<std::string> r = Status::FailedPrecondition("disabled");
  Result<std::string> copy = r;
  Result<std::string> moved = std::move(r);
  EXPECT_EQ(copy.status().ToString(), "FailedPrecondition: disabled");
  EXPECT_EQ(moved.status().ToString(), "FailedPrecondition: disabled");
  Result<std::string> value = std::string("v");
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(value.status().ok());
  EXPECT_EQ(*value, "v");
}

TEST(StatusTest, MacrosPropagateErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "odd: 3");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_TRUE(CheckEven(5).IsInvalidArgument());
}

}  // namespace
}  // namespace cellar
