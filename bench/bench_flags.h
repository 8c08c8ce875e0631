// Command-line parsing shared by the benchmark programs. Each program declares its flags on a
// CLI::App (CLI11, as the `cellar` program does) with the defaults from its own Flags struct, then
// calls ParseBenchFlags; CLI11's exceptions stay inside this header.
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace cellar::bench {

// Makes "app" show each option's default in --help. Call before adding the options.
inline void ShowDefaults(CLI::App& app) { app.option_defaults()->always_capture_default(); }

// Accepts a number greater than 0, integer or not; an integer option still rejects "2.5" when
// CLI11 converts it. (CLI::PositiveNumber does the same check but its message prints DBL_MAX.)
inline CLI::Validator Positive() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        double v = 0;
        if (CLI::detail::lexical_cast(input, v) && v > 0) return {};
        return "'" + input + "' is not a number greater than 0";
      },
      "> 0");
}

// Accepts a comma-separated list whose every item is one of "names" (e.g. "get,put").
inline CLI::Validator ListOf(std::vector<std::string> names) {
  std::string all;
  for (const std::string& n : names) all += (all.empty() ? "" : ",") + n;
  return CLI::Validator(
      [names, all](std::string& input) -> std::string {
        std::stringstream items(input);
        for (std::string item; std::getline(items, item, ',');) {
          if (std::find(names.begin(), names.end(), item) == names.end())
            return "unknown item '" + item + "' in '" + input + "'; known: " + all;
        }
        return {};
      },
      "subset of " + all);
}

// Parses "argv" into the options declared on "app". Returns the code to exit with when the
// program must stop: 0 after --help has printed the usage, 2 after a bad or unknown flag has
// printed what was wrong (CLI11 names the flag and points to --help). Returns nullopt to run.
inline std::optional<int> ParseBenchFlags(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace cellar::bench
