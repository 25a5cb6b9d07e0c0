// libonewindow-cxxcompat: the libstdc++ symbols the fcitx Qt 6 plugins (Debian 13, GCC 14) need that
// the libstdc++ of the PCs we target (GCC 8 on UOS 20, GCC 9-10 on Kylin V10 and Debian 11) lacks.
// installer/build.py marks the plugins' need for those symbol versions weak, so the loader accepts an
// older libstdc++ and binds these; where the system's libstdc++ has them, either definition does the
// same thing.
#include <exception>
#include <new>

extern "C" void* __cxa_begin_catch(void*) noexcept;

namespace std {
// GLIBCXX_3.4.29 (GCC 11): thrown by std::allocator for an impossible array size.
[[noreturn]] __attribute__((visibility("default"))) void __throw_bad_array_new_length() {
    throw std::bad_array_new_length();
}
}  // namespace std

// CXXABI_1.3.15 (GCC 14): called when an exception escapes a noexcept function.
extern "C" [[noreturn]] __attribute__((visibility("default"))) void __cxa_call_terminate(void* exc) noexcept {
    if (exc != nullptr) {
        __cxa_begin_catch(exc);
    }
    std::terminate();
}
