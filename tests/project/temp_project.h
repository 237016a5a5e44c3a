// A throw-away project folder for tests: write a template and its files, then load it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "project/project.h"

namespace tern::project::testing {

class TempProject {
 public:
  TempProject() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tern-project-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    std::filesystem::create_directories(dir_ + "/src");  // the usual CodeUri
  }
  ~TempProject() { std::filesystem::remove_all(dir_); }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;

  const std::string& dir() const { return dir_; }

  std::string Write(const std::string& relative, const std::string& content) const {
    std::filesystem::path p = std::filesystem::path(dir_) / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << content;
    return p.string();
  }

  Result<Project, Status> Load(const std::string& template_text,
                               const LoadOptions& options = {}) const {
    return LoadProject(Write("template.yaml", template_text), options);
  }

  // The error of a template that must not load ("" if it loaded).
  std::string Error(const std::string& template_text, const LoadOptions& options = {}) const {
    auto p = Load(template_text, options);
    return p ? "" : p.error().message();
  }

 private:
  std::string dir_;
};

}  // namespace tern::project::testing
