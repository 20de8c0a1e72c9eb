# SPDX-License-Identifier: Apache-2.0
# credo_layer(NAME SOURCES files... [DEPENDS layers...] [PRIVATE_LIBS targets...])
# defines credo_NAME_objects (OBJECT) and credo_NAME (STATIC, linking its DEPENDS layers).
function(credo_layer name)
  cmake_parse_arguments(arg "" "" "SOURCES;DEPENDS;PRIVATE_LIBS" ${ARGN})
  add_library(credo_${name}_objects OBJECT ${arg_SOURCES})
  set_target_properties(credo_${name}_objects PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_include_directories(credo_${name}_objects PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(credo_${name}_objects PUBLIC credo_deps PRIVATE Boost::headers ${arg_PRIVATE_LIBS})
  credo_strict_warnings(credo_${name}_objects)
  credo_fast_tls(credo_${name}_objects)  # no static TLS in libcredo.so.1 (credo_tls.cmake)

  add_library(credo_${name} STATIC $<TARGET_OBJECTS:credo_${name}_objects>)
  target_link_libraries(credo_${name} PUBLIC credo_deps ${arg_PRIVATE_LIBS})
  foreach(dep IN LISTS arg_DEPENDS)
    target_link_libraries(credo_${name} PUBLIC credo_${dep})
  endforeach()
  set(CREDO_LAYERS ${CREDO_LAYERS} ${name} PARENT_SCOPE)
endfunction()
