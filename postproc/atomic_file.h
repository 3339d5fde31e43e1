#pragma once
// Output files are replaced atomically: a reader (ParaView, a post-processing
// script, a resumed run) sees either the previous complete file or the new
// complete file, never a truncated one left by a crash or a full disk.
#include <filesystem>
#include <string>
#include <nlohmann/json.hpp>

namespace stirlb {

// "<dir>/.<filename>.tmp-<pid>": same directory, so the final rename never
// crosses filesystems; hidden and pid-tagged so concurrent runs do not collide.
std::filesystem::path temporary_sibling(const std::filesystem::path& path);

// fsyncs `tmp` and renames it over `final_path`. On failure removes `tmp` and
// throws std::runtime_error naming both paths and the system error.
void commit_file(const std::filesystem::path& tmp, const std::filesystem::path& final_path);

// Writes `content` to a temporary sibling of `path`, then commit_file. Throws
// std::runtime_error (leaving nothing behind) if any step fails.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

// Pretty-printed JSON (2-space indent, trailing newline), written atomically.
// NaN and infinities have no JSON spelling; nlohmann writes them as null, so
// the file stays valid JSON and readers must treat null as "not a number".
void write_json_atomic(const std::filesystem::path& path, const nlohmann::json& value);

}  // namespace stirlb
