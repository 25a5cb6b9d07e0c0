// libonewindow-cxxcompat: the one libstdc++ symbol Debian 12's fcitx Qt 6 plugins need that GCC 8-10's
// libstdc++ (UOS 20, Kylin V10, Debian 11) lacks. The plugins' need for GLIBCXX_3.4.29 is marked weak
// by installer/build.py, so the loader accepts an older libstdc++ and binds the symbol here; where the
// system's libstdc++ has it (GCC 11+) either definition does the same thing.
#include <new>

namespace std {
[[noreturn]] __attribute__((visibility("default"))) void __throw_bad_array_new_length() {
    throw std::bad_array_new_length();
}
}  // namespace std
