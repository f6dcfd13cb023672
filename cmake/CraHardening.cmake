# Flags cra-harden builds itself with: the OpenSSF set that the compiler accepts
# (shared/reference/hardening-flags.md), plus -Wall -Wextra -Werror for our own code.
# cra_harden_target(<target>) applies them; each part calls it for the targets it defines.
include(CheckCCompilerFlag)
include(CheckCXXCompilerFlag)
include(CheckPIESupported)
check_pie_supported()
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

set(_cra_compile_candidates
  -Wall -Wextra -Werror -Wformat=2 -Werror=format-security -Wimplicit-fallthrough
  -fstack-protector-strong -fstack-clash-protection -fstrict-flex-arrays=3
  -fno-delete-null-pointer-checks -fno-strict-overflow -fno-strict-aliasing
  -ftrivial-auto-var-init=zero)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|i.86")
  list(APPEND _cra_compile_candidates -fcf-protection=full)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  list(APPEND _cra_compile_candidates -mbranch-protection=standard)
endif()

set(CRA_HARDEN_C_FLAGS "")
set(CRA_HARDEN_CXX_FLAGS "")
foreach(flag IN LISTS _cra_compile_candidates)
  string(MAKE_C_IDENTIFIER "cra_c_${flag}" _v)
  check_c_compiler_flag("${flag}" ${_v})
  if(${_v})
    list(APPEND CRA_HARDEN_C_FLAGS "${flag}")
  endif()
  string(MAKE_C_IDENTIFIER "cra_cxx_${flag}" _v)
  check_cxx_compiler_flag("${flag}" ${_v})
  if(${_v})
    list(APPEND CRA_HARDEN_CXX_FLAGS "${flag}")
  endif()
endforeach()
# C-only: obsolete constructs are errors.
foreach(flag -Werror=implicit -Werror=incompatible-pointer-types -Werror=int-conversion)
  string(MAKE_C_IDENTIFIER "cra_c_${flag}" _v)
  check_c_compiler_flag("${flag}" ${_v})
  if(${_v})
    list(APPEND CRA_HARDEN_C_FLAGS "${flag}")
  endif()
endforeach()

# FORTIFY only means something when optimising; -U first so a distro default of =2 does not warn. Both go
# in the compile options, in this order: CMake puts definitions before options on the command line, so a
# -D_FORTIFY_SOURCE=3 definition would come before the -U and be cancelled by it.
set(CRA_HARDEN_FORTIFY "$<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=3>")
set(CRA_HARDEN_DEFS "_GLIBCXX_ASSERTIONS")
set(CRA_HARDEN_LINK_FLAGS -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack -Wl,--as-needed)

function(cra_harden_target target)
  get_target_property(_type ${target} TYPE)
  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:C>:${CRA_HARDEN_C_FLAGS}>"
    "$<$<COMPILE_LANGUAGE:CXX>:${CRA_HARDEN_CXX_FLAGS}>"
    "${CRA_HARDEN_FORTIFY}")
  target_compile_definitions(${target} PRIVATE ${CRA_HARDEN_DEFS})
  if(_type STREQUAL "EXECUTABLE" OR _type STREQUAL "SHARED_LIBRARY" OR _type STREQUAL "MODULE_LIBRARY")
    target_link_options(${target} PRIVATE ${CRA_HARDEN_LINK_FLAGS})
  endif()
  if(_type STREQUAL "EXECUTABLE")
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  endif()
endfunction()

# Every installable tool registers itself so the meta tests check all of them (--help, --version, 64).
function(cra_register_tool target)
  set_property(GLOBAL APPEND PROPERTY CRA_TOOLS ${target})
endfunction()
