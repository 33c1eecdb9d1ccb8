#include <re2/re2.h>
#include <iostream>
#include <string>
int main() {
  std::string line;
  RE2::Options opt; opt.set_log_errors(false);
  while (std::getline(std::cin, line)) {
    RE2 re(line, opt);
    if (!re.ok()) std::cout << "ERR\t" << line << "\n";
    else std::cout << re.ProgramSize() << "\t" << line << "\n";
  }
}
