# cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P embed_file.cmake
# Writes a C++ source defining `std::string_view callsign::embedded::<SYMBOL>()` with the bytes of INPUT, so a
# built asset (the minified snippet) ships inside the binary.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/embed_file.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace callsign::embedded {\n"
  "namespace { constexpr unsigned char kBytes[] = {${bytes} 0}; }\n"
  "std::string_view ${SYMBOL}() { return {reinterpret_cast<const char*>(kBytes), ${size}}; }\n"
  "}  // namespace callsign::embedded\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
