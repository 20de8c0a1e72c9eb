# SPDX-License-Identifier: Apache-2.0
# Thread-locals in libcredo.so.1 without static TLS (issue 14). The initial-exec model marks the
# library STATIC_TLS, and a process that dlopen()s it after many other TLS-using libraries (a JVM,
# Python with its extension modules) may have no static TLS room left, so the load fails. The
# default global-dynamic model calls __tls_get_addr on each access; TLS descriptors
# (-mtls-dialect=gnu2, GCC on x86-64) resolve the same accesses with one indirect call that
# returns an offset, close to initial-exec's plain load. Compilers without the flag keep the
# default model.
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-mtls-dialect=gnu2 CREDO_HAVE_TLS_DESCRIPTORS)
function(credo_fast_tls target)
  if(CREDO_HAVE_TLS_DESCRIPTORS)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-mtls-dialect=gnu2>)
  endif()
endfunction()
