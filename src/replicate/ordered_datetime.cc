#include "replicate/ordered_datetime.h"

#include <limits>

#include "util/bytes.h"

namespace cellar::replicate {
namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr int64_t kMinusInfinity = std::numeric_limits<int64_t>::min();
constexpr int64_t kInfinity = std::numeric_limits<int64_t>::max();
constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
constexpr int64_t kUnixDaysAtPgEpoch = 10'957;
// PostgreSQL's limits: dates to 5874897 AD, timestamps to 294276 AD, both from 4713 BC.
constexpr int64_t kMaxDateYear = 5'874'897;
constexpr int64_t kMaxTimestampYear = 294'276;
constexpr int64_t kMaxBcYear = 4'713;

// Days since 1970-01-01 of a proleptic Gregorian date with astronomical year "y" (1 BC = 0).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146'097 + day_of_era - 719'468;
}

struct CivilDate {
  int64_t year;  // astronomical
  int month;
  int day;
};

CivilDate CivilFromDays(int64_t z) {
  z += 719'468;
  const int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const int64_t day_of_era = z - era * 146'097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads the ISO text left to right.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  // Between "min" and "max" decimal digits into "value".
  bool Digits(size_t min, size_t max, int64_t& value) {
    size_t n = 0;
    value = 0;
    while (n < text_.size() && n < max && text_[n] >= '0' && text_[n] <= '9') {
      value = value * 10 + (text_[n++] - '0');
    }
    text_.remove_prefix(n);
    return n >= min;
  }
  bool Char(char c) {
    if (text_.empty() || text_.front() != c) return false;
    text_.remove_prefix(1);
    return true;
  }
  bool Done() const { return text_.empty(); }

 private:
  std::string_view text_;
};

// Parses "Y-MM-DD" into days since 2000-01-01, with the " BC" suffix checked by the caller.
struct ParsedDate {
  int64_t year = 0, month = 0, day = 0;
};

bool ParseDatePart(Cursor& c, ParsedDate& date) {
  return c.Digits(1, 7, date.year) && c.Char('-') && c.Digits(2, 2, date.month) && c.Char('-') &&
         c.Digits(2, 2, date.day);
}

// The digits after the point, scaled to microseconds: ".5" is 500000.
bool ParseFraction(Cursor& c, int64_t& fraction) {
  int64_t value = 0, digit = 0;
  size_t count = 0;
  while (count < 6 && c.Digits(1, 1, digit)) {
    value = value * 10 + digit;
    ++count;
  }
  for (size_t i = count; i < 6; ++i) value *= 10;
  fraction = value;
  return count > 0;
}

// "HH:MM[:SS[.ffffff]]" into microseconds of the day; 24:00:00 allowed.
bool ParseClock(Cursor& c, int64_t& micros) {
  int64_t hour = 0, minute = 0, second = 0, fraction = 0;
  if (!c.Digits(2, 2, hour) || !c.Char(':') || !c.Digits(2, 2, minute)) return false;
  if (c.Char(':') && !c.Digits(2, 2, second)) return false;
  if (c.Char('.') && !ParseFraction(c, fraction)) return false;
  if (hour > 24 || minute > 59 || second > 59) return false;
  if (hour == 24 && (minute != 0 || second != 0 || fraction != 0)) return false;
  micros = ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + fraction;
  return true;
}

// "+HH[:MM[:SS]]" or "-..." into seconds east of UTC.
bool ParseOffset(Cursor& c, int64_t& seconds) {
  int sign = c.Char('+') ? 1 : c.Char('-') ? -1 : 0;
  int64_t hours = 0, minutes = 0, secs = 0;
  if (sign == 0 || !c.Digits(2, 2, hours)) return false;
  if (c.Char(':') && !c.Digits(2, 2, minutes)) return false;
  if (c.Char(':') && !c.Digits(2, 2, secs)) return false;
  if (hours > 15 || minutes > 59 || secs > 59) return false;
  seconds = sign * ((hours * 60 + minutes) * 60 + secs);
  return true;
}

// Applies the " BC" suffix and checks the calendar; days since 2000-01-01 into "days".
bool FinishDate(Cursor& c, const ParsedDate& date, int64_t max_year, int64_t& days) {
  bool bc = c.Char(' ') && c.Char('B') && c.Char('C');
  if (!c.Done() || date.year == 0 || date.month < 1 || date.month > 12) return false;
  if (bc ? date.year > kMaxBcYear : date.year > max_year) return false;
  int64_t year = bc ? 1 - date.year : date.year;
  if (date.day < 1 || date.day > DaysInMonth(year, static_cast<int>(date.month))) return false;
  days = DaysFromCivil(year, static_cast<int>(date.month), static_cast<int>(date.day)) -
         kUnixDaysAtPgEpoch;
  return true;
}

// infinity / -infinity; true if "text" is one of them.
bool ParseInfinity(std::string_view text, int64_t& value) {
  if (text == "infinity" || text == "+infinity") {
    value = kInfinity;
    return true;
  }
  if (text == "-infinity") {
    value = kMinusInfinity;
    return true;
  }
  return false;
}

Status BadValue(std::string_view kind, std::string_view text, std::string_view expected) {
  return Status::InvalidArgument("'" + std::string(text) + "' is not a valid " + std::string(kind) +
                                 " key value; expected " + std::string(expected));
}

void PutOrdered(std::string& out, int64_t value) {
  PutFixed64BE(out, static_cast<uint64_t>(value) ^ kSignBit);
}

Result<int64_t> ConsumeOrdered(std::string_view& in, std::string_view kind) {
  if (in.size() < 8) {
    return Status::InvalidArgument("row key ends inside a " + std::string(kind) + " component");
  }
  int64_t value = static_cast<int64_t>(DecodeFixed64BE(in.data()) ^ kSignBit);
  in.remove_prefix(8);
  return value;
}

void AppendPadded(std::string& out, int64_t value, size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

// "YYYY-MM-DD" of "days" since 2000-01-01; the caller appends " BC" when *bc is set.
std::string FormatDate(int64_t days, bool& bc) {
  CivilDate date = CivilFromDays(days + kUnixDaysAtPgEpoch);
  bc = date.year <= 0;
  std::string out;
  AppendPadded(out, bc ? 1 - date.year : date.year, 4);
  out += '-';
  AppendPadded(out, date.month, 2);
  out += '-';
  AppendPadded(out, date.day, 2);
  return out;
}

std::string FormatTimestamp(int64_t micros, std::string_view zone) {
  int64_t days = micros / kMicrosPerDay;
  int64_t of_day = micros % kMicrosPerDay;
  if (of_day < 0) {
    of_day += kMicrosPerDay;
    --days;
  }
  bool bc = false;
  std::string out = FormatDate(days, bc);
  int64_t seconds = of_day / kMicrosPerSecond;
  int64_t fraction = of_day % kMicrosPerSecond;
  out += ' ';
  AppendPadded(out, seconds / 3600, 2);
  out += ':';
  AppendPadded(out, seconds / 60 % 60, 2);
  out += ':';
  AppendPadded(out, seconds % 60, 2);
  if (fraction != 0) {
    std::string digits;
    AppendPadded(digits, fraction, 6);
    out += '.' + digits.substr(0, digits.find_last_not_of('0') + 1);
  }
  out += zone;
  if (bc) out += " BC";
  return out;
}

Result<int64_t> ParseTimestampMicros(std::string_view text, bool with_offset) {
  int64_t micros = 0;
  if (ParseInfinity(text, micros)) return micros;
  Cursor c(text);
  ParsedDate date;
  int64_t of_day = 0, offset = 0, days = 0;
  if (!ParseDatePart(c, date) || !(c.Char(' ') || c.Char('T')) || !ParseClock(c, of_day) ||
      (with_offset && !ParseOffset(c, offset)) || !FinishDate(c, date, kMaxTimestampYear, days)) {
    return BadValue(with_offset ? "timestamptz" : "timestamp", text,
                    with_offset ? "YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM][ BC], as PostgreSQL prints "
                                  "timestamptz"
                                : "YYYY-MM-DD HH:MM:SS[.ffffff][ BC], as PostgreSQL prints "
                                  "timestamp");
  }
  return days * kMicrosPerDay + of_day - offset * kMicrosPerSecond;
}

Result<std::string> FormatSpecialOr(int64_t value, std::string (*format)(int64_t)) {
  if (value == kInfinity) return std::string("infinity");
  if (value == kMinusInfinity) return std::string("-infinity");
  return format(value);
}

}  // namespace

Status AppendOrderedDate(std::string& out, std::string_view text) {
  int64_t days = 0;
  if (!ParseInfinity(text, days)) {
    Cursor c(text);
    ParsedDate date;
    if (!ParseDatePart(c, date) || !FinishDate(c, date, kMaxDateYear, days)) {
      return BadValue("date", text, "YYYY-MM-DD[ BC], infinity or -infinity");
    }
  }
  PutOrdered(out, days);
  return Status::Ok();
}

Result<std::string> ConsumeOrderedDate(std::string_view& in) {
  CELLAR_ASSIGN_OR_RETURN(int64_t days, ConsumeOrdered(in, "date"));
  return FormatSpecialOr(days, [](int64_t d) {
    bool bc = false;
    std::string out = FormatDate(d, bc);
    return bc ? out + " BC" : out;
  });
}

Status AppendOrderedTimestamp(std::string& out, std::string_view text) {
  CELLAR_ASSIGN_OR_RETURN(int64_t micros, ParseTimestampMicros(text, /*with_offset=*/false));
  PutOrdered(out, micros);
  return Status::Ok();
}

Result<std::string> ConsumeOrderedTimestamp(std::string_view& in) {
  CELLAR_ASSIGN_OR_RETURN(int64_t micros, ConsumeOrdered(in, "timestamp"));
  return FormatSpecialOr(micros, [](int64_t m) { return FormatTimestamp(m, ""); });
}

Status AppendOrderedTimestampTz(std::string& out, std::string_view text) {
  CELLAR_ASSIGN_OR_RETURN(int64_t micros, ParseTimestampMicros(text, /*with_offset=*/true));
  PutOrdered(out, micros);
  return Status::Ok();
}

Result<std::string> ConsumeOrderedTimestampTz(std::string_view& in) {
  CELLAR_ASSIGN_OR_RETURN(int64_t micros, ConsumeOrdered(in, "timestamptz"));
  return FormatSpecialOr(micros, [](int64_t m) { return FormatTimestamp(m, "+00"); });
}

}  // namespace cellar::replicate
